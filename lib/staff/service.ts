import "server-only";
import { withDb } from "@/db/with-db";
import * as accounts from "./accounts";
import * as admin from "./admin";

/** Staff accounts for pages and route handlers: the functions of accounts.ts and admin.ts on the process's database. */

export const findInvitation = withDb(accounts.findInvitation);
export const staffStepPause = withDb(accounts.staffStepPause);
export const listStaff = withDb(admin.listStaff);
export const auditLog = withDb(admin.auditLog);
