import "server-only";
import { withDb } from "@/db/with-db";
import * as load from "./load";
import * as usage from "./usage";

/** The catalogue for pages and route handlers: the functions of load.ts and usage.ts on the process's database. */

export const findInstitutionBySlug = withDb(load.findInstitutionBySlug);
export const readUsage = withDb(usage.readUsage);
export const countsForReview = withDb(usage.countsForReview);
