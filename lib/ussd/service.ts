import "server-only";

/** The feature-phone channels for routes: the aggregator's and mGov's callbacks. */
export { smsInboundCallback, ussdCallback } from "./callback";
