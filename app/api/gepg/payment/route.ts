import { callbackRoute } from "@/lib/http/callback";
import { applyPayment } from "@/lib/payments/bills";
import { gepgCallback } from "@/lib/payments/callbacks";

/** GePG's pmtSpNtfReq: a payment against one of our control numbers; recorded once per TrxId. */
export const POST = callbackRoute(gepgCallback("pmtSpNtfReq", async (db, opened) => (await applyPayment(db, opened)).reqId));
