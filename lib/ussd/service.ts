import "server-only";

/** The USSD channel for routes: the aggregator's callback, with its database and catalogue. */
export { ussdCallback } from "./callback";
export { smsInboundCallback } from "./callback";
