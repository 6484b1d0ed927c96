import { feedbackUpdateCallback } from "@/lib/feedback/updates";
import { callbackRoute } from "@/lib/http/callback";

/** e-Mrejesho's updates to feedback, pushed by GovESB. */
export const POST = callbackRoute(feedbackUpdateCallback());
