import "server-only";
import { withDb } from "@/db/with-db";
import * as erasure from "./erasure";
import * as exported from "./export";

/** Privacy for pages and route handlers: the functions of export.ts and erasure.ts on the process's database. */

export const personalDataOf = withDb(exported.personalDataOf);
export const erasurePlan = withDb(erasure.erasurePlan);
