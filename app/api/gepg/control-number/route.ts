import { applyControlNumber } from "@/lib/payments/bills";
import { handleGepgCallback } from "@/lib/payments/callbacks";

/** GePG's billSubRes: a bill's control number (or its refusal). */
export async function POST(request: Request) {
  return handleGepgCallback(request, "billSubRes", async (db, opened) => (await applyControlNumber(db, opened)).resId);
}
