/**
 * What e-Mrejesho's and the institutions' deliveries of updates to the portal share: the bus's
 * test modes acting on them (govesb.mjs). In "out-of-order" an update's first try holds it back
 * (state "held"); releaseHeld makes the held ones pending again, and nextPending sends those
 * newest first. In "duplicate-callback" the first try sends a second copy beside the first.
 */

/** The next update to send: a released one (newest first), else the oldest pending. */
export function nextPending(updates) {
  const pending = updates.filter((u) => u.delivery.state === "pending");
  return pending.findLast((u) => u.released) ?? pending[0];
}

/** Makes every held update of `records` pending again, to go out newest first, and starts each record's sending. */
export function releaseHeld(records, pump) {
  for (const record of records) {
    let released = false;
    for (const update of record.updates) {
      if (update.delivery.state !== "held") continue;
      update.delivery.state = "pending";
      update.released = true;
      released = true;
    }
    if (released) pump(record);
  }
}

/** A second copy of a push, sent by `post()` beside the first and not retried: what came of it. */
export async function sendCopy(post) {
  try {
    const response = await post();
    await response.text();
    return { status: response.status };
  } catch (error) {
    return { error: `${error?.cause?.code ?? error?.name ?? error}` };
  }
}
