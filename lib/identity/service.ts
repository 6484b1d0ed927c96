import "server-only";
import { withDb } from "@/db/with-db";
import * as signIn from "./sign-in";

/** Citizens' identity for pages and route handlers: the functions of sign-in.ts on the process's database. */

export const citizenProfile = withDb(signIn.citizenProfile);
export const findAttempt = withDb(signIn.findAttempt);
export const signInStanding = withDb(signIn.signInStanding);
export const codesAgainAt = withDb(signIn.codesAgainAt);
