import "server-only";
import { withDb } from "@/db/with-db";
import * as deadLetterStore from "./dead-letters";

// The job queue's service for routes: what gave up, for the operators' page.
export const deadLetters = withDb(deadLetterStore.deadLetters);
