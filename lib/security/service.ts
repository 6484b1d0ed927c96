import "server-only";
import { withDb } from "@/db/with-db";
import * as rateLimit from "./rate-limit";

/** Limits for pages and route handlers: the functions of rate-limit.ts on the process's database. */

export const takeRateLimit = withDb(rateLimit.takeRateLimit);
