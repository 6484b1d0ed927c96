import type { Database } from "@/db";
import { describeError, log } from "@/lib/log";
import { DeliveryError, withoutNumbers } from "./errors";
import { claimDue, markAttemptFailed, markDelivered } from "./outbox";
import { isTopic, topics, type Payload, type Topic } from "./topics";

/** How each topic is delivered; a worker given no handler for a topic fails its entries for good. */
export type Handlers = { [T in Topic]?: (payload: Payload<T>) => Promise<void> };

export type DeliveryOptions = {
  batchSize?: number;
  leaseSeconds?: number;
  maxAttempts?: number;
  /** Delay before the next try after `attempts` tries; exponential with jitter by default. */
  backoffSeconds?: (attempts: number) => number;
};

// The lease outlasts a whole batch of slow deliveries (20 × a 10 s timeout), so that no other
// worker takes an entry over while this one is still sending it.
const defaults = { batchSize: 20, leaseSeconds: 300, maxAttempts: 12 } satisfies DeliveryOptions;

/** 5 s, 10 s, 20 s … up to an hour, each ±20 % so that retries of many entries spread out. */
export function exponentialBackoff(attempts: number): number {
  const base = Math.min(5 * 2 ** Math.max(0, attempts - 1), 3600);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export type DeliveryReport = { delivered: number; retrying: number; failed: number };

/** Delivers what is due, once. */
export async function deliverDue(db: Database, handlers: Handlers, options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const { batchSize, leaseSeconds, maxAttempts } = { ...defaults, ...options };
  const backoff = options.backoffSeconds ?? exponentialBackoff;
  const report: DeliveryReport = { delivered: 0, retrying: 0, failed: 0 };

  for (const entry of await claimDue(db, batchSize, leaseSeconds)) {
    try {
      if (!isTopic(entry.topic)) throw new DeliveryError(`no handler for topic ${entry.topic}`, true);
      if (entry.expiresAt && entry.expiresAt.getTime() < Date.now()) throw new DeliveryError("expired before delivery", true);
      const parsed = topics[entry.topic].payload.safeParse(entry.payload);
      if (!parsed.success) throw new DeliveryError("payload does not match its topic", true);
      const handler = handlers[entry.topic] as ((payload: unknown) => Promise<void>) | undefined;
      if (!handler) throw new DeliveryError(`no handler for topic ${entry.topic}`, true);
      await handler(parsed.data);
      await markDelivered(db, entry.id, topics[entry.topic].sensitive);
      report.delivered++;
      log.info("outbox entry delivered", { id: entry.id, topic: entry.topic, attempts: entry.attempts });
    } catch (error) {
      // A failed query's message would carry its parameters: describe it without them.
      const message =
        error instanceof DeliveryError ? withoutNumbers(error.message) : withoutNumbers(describeError(error));
      const permanent = error instanceof DeliveryError && error.permanent;
      const topicLimit = isTopic(entry.topic) ? (topics[entry.topic] as { maxAttempts?: number }).maxAttempts : undefined;
      const giveUp = permanent || entry.attempts >= (options.maxAttempts ?? topicLimit ?? maxAttempts);
      const sensitive = isTopic(entry.topic) && topics[entry.topic].sensitive;
      await markAttemptFailed(db, entry.id, message, giveUp ? null : backoff(entry.attempts), sensitive);
      if (giveUp) report.failed++;
      else report.retrying++;
      log.warn(giveUp ? "outbox entry failed" : "outbox entry will be retried", {
        id: entry.id,
        topic: entry.topic,
        attempts: entry.attempts,
        error: message,
      });
    }
  }
  return report;
}

export type RunningWorker = { stop(): Promise<void> };

/** Delivers every `pollSeconds` until stopped; one round at a time, never overlapping. */
export function startOutboxWorker(db: Database, handlers: Handlers, pollSeconds: number): RunningWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<unknown> = Promise.resolve();

  const tick = () => {
    round = deliverDue(db, handlers)
      .catch((error: unknown) => log.error("outbox round failed", { error: describeError(error) }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, pollSeconds * 1000).unref();
      });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
