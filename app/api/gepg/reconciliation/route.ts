import { callbackRoute } from "@/lib/http/callback";
import { gepgCallback } from "@/lib/payments/callbacks";
import { applyReconciliation } from "@/lib/payments/reconciliation";

/** GePG's sucSpPmtRes: a day's successful payments, compared with ours. */
export const POST = callbackRoute(gepgCallback("sucSpPmtRes", async (db, opened) => (await applyReconciliation(db, opened)).resId));
