import { callbackRoute } from "@/lib/http/callback";
import { smsInboundCallback } from "@/lib/ussd/service";

/** mGov's pull messages to the short code ("HUDUMA pasipoti"), answered by SMS (lib/ussd/inbound.ts). */
export const POST = callbackRoute(smsInboundCallback);
