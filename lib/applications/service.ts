import "server-only";
import { withDb } from "@/db/with-db";
import * as applications from "./applications";

/** Applications for pages and route handlers: the functions of applications.ts on the process's database. */

export const publishedForm = withDb(applications.publishedForm);
export const applicationOfCitizen = withDb(applications.applicationOfCitizen);
export const applicationsOfCitizen = withDb(applications.applicationsOfCitizen);
export const ownsApplication = withDb(applications.ownsApplication);
export const applicationIdByReference = withDb(applications.applicationIdByReference);
export const documentOfCitizen = withDb(applications.documentOfCitizen);
