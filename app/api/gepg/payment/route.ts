import { applyPayment } from "@/lib/payments/bills";
import { handleGepgCallback } from "@/lib/payments/callbacks";

/** GePG's pmtSpNtfReq: a payment against one of our control numbers; recorded once per TrxId. */
export async function POST(request: Request) {
  return handleGepgCallback(request, "pmtSpNtfReq", async (db, opened) => (await applyPayment(db, opened)).reqId);
}
