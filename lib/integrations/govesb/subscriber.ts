import "server-only";
import { z } from "zod";
import { describeError, log } from "@/lib/log";
import type { Callback } from "@/lib/http/callback";
import { EnvelopeError, openEnvelope, sealEnvelope } from "./envelope";
import { busPublicKey, portalPrivateKey } from "./keys";

/**
 * The portal as a GovESB subscriber: what the bus pushes to it (e-Mrejesho's updates to feedback,
 * institutions' updates to applications) is trusted only once the bus's signature verifies on the
 * exact bytes received, then parsed with the system's schema and its push code checked; the
 * domain applies it. Every answer is GovESB's envelope signed with the portal's key: 200 applied
 * or already applied, 400 not such a message, an unknown push code or one the domain refuses,
 * 401 not signed by the bus, 413 over the limit, 503 not recorded now (the database did not
 * answer), so that the bus sends it again.
 */

export const MAX_PUSH_BODY = 64 * 1024;

/**
 * A time in a pushed message: ISO 8601 with its offset, between 1970 and 9999 in UTC. The format
 * alone lets year 0000 through (or 9999 with a negative offset), which PostgreSQL cannot store:
 * such a push failed on every try (issue 21).
 */
export const pushedTime = z.iso.datetime({ offset: true }).refine((value) => {
  const time = Date.parse(value);
  return time >= 0 && time < Date.UTC(10_000, 0, 1);
});

export function subscriberAnswer(status: number, success: boolean, message: string): Response {
  return new Response(sealEnvelope({ success, message }, portalPrivateKey()), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

export function subscriberCallback<S extends z.ZodType<{ pushCode: string }>>(spec: {
  /** What is pushed, for the log and the answers ("e-Mrejesho update"). */
  name: string;
  schema: S;
  /** The push code these messages carry (configuration). */
  pushCode: () => string;
  /** Applies a message; its refusal (an unknown reference) is a 400 with this message. */
  apply: (message: z.output<S>) => Promise<{ ok: true; message: string } | { ok: false; message: string }>;
}): Callback {
  return {
    maxBody: MAX_PUSH_BODY,
    tooLarge: () => subscriberAnswer(413, false, "Body too large"),
    async receive(body) {
      let data: unknown;
      try {
        data = openEnvelope(body, busPublicKey());
      } catch (error) {
        // Whatever could not be opened is refused alike; a reason other than the envelope's own
        // (the bus's key unreadable, say) is the operators' to fix, and logged as an error.
        if (error instanceof EnvelopeError) log.warn(`${spec.name} refused: signature`, { reason: error.message });
        else log.error(`${spec.name} could not be checked`, { error: describeError(error) });
        return subscriberAnswer(401, false, "Invalid signature");
      }
      const parsed = spec.schema.safeParse(data);
      if (!parsed.success) return subscriberAnswer(400, false, `Not an ${spec.name}`);
      if (parsed.data.pushCode !== spec.pushCode()) return subscriberAnswer(400, false, "Unknown push code");
      let result: Awaited<ReturnType<typeof spec.apply>>;
      try {
        result = await spec.apply(parsed.data);
      } catch (error) {
        // Nothing of the message is logged (a failed query's parameters would carry it), and the
        // bus is told to send it again rather than shown an error page.
        log.error(`${spec.name} not recorded`, { error: describeError(error) });
        return subscriberAnswer(503, false, "Not recorded; send it again");
      }
      return subscriberAnswer(result.ok ? 200 : 400, result.ok, result.message);
    },
  };
}
