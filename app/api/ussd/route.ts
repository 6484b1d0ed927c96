import { callbackRoute } from "@/lib/http/callback";
import { ussdCallback } from "@/lib/ussd/service";

/** The USSD aggregator's step: form fields in, "CON …" or "END …" out (lib/ussd). */
export const POST = callbackRoute(ussdCallback);
