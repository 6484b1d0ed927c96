import { handleGepgCallback } from "@/lib/payments/callbacks";
import { applyReconciliation } from "@/lib/payments/reconciliation";

/** GePG's sucSpPmtRes: a day's successful payments, compared with ours. */
export async function POST(request: Request) {
  return handleGepgCallback(request, "sucSpPmtRes", async (db, opened) => (await applyReconciliation(db, opened)).resId);
}
