import { callbackRoute } from "@/lib/http/callback";
import { applyControlNumber } from "@/lib/payments/bills";
import { gepgCallback } from "@/lib/payments/callbacks";

/** GePG's billSubRes: a bill's control number (or its refusal). */
export const POST = callbackRoute(gepgCallback("billSubRes", async (db, opened) => (await applyControlNumber(db, opened)).resId));
