import "server-only";
import { withDb } from "@/db/with-db";
import * as feedback from "./feedback";

/** Feedback for pages and route handlers: the functions of feedback.ts on the process's database. */

export const feedbackByReference = withDb(feedback.feedbackByReference);
export const feedbackOfCitizen = withDb(feedback.feedbackOfCitizen);
