import { applicationUpdateCallback } from "@/lib/applications/updates";
import { callbackRoute } from "@/lib/http/callback";

/** Institutions' status updates to applications, pushed by GovESB. */
export const POST = callbackRoute(applicationUpdateCallback());
