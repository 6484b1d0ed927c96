import "server-only";
import { withDb } from "@/db/with-db";
import * as forms from "./forms";
import * as staff from "./staff";

/**
 * Application forms and applications for the editorial area's pages and route handlers: the
 * functions of forms.ts and staff.ts on the process's database. Actions take `db` from the
 * action client instead.
 */

export const formState = withDb(forms.formState);
export const formVersion = withDb(forms.formVersion);
export const applicationsOfInstitution = withDb(staff.applicationsOfInstitution);
export const applicationForStaff = withDb(staff.applicationForStaff);
