import "server-only";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { clientAddress } from "@/lib/identity/request";
import { describeError, log } from "@/lib/log";
import { onEveryView } from "@/lib/http/request-context.mjs";
import { countedVisit, countServiceViews, type CountedVisit } from "./usage";
import { countableVisitor } from "./visitors";

/**
 * Views of service pages are counted in batches, off the page's path: a lost count is only a
 * lost count, and at thousands of views a second (most of them sent from the cache of rendered
 * pages) a transaction per view would be the database's whole work. A visitor already counted
 * today by this process is not sent again; the database decides for visitors counted elsewhere.
 * One flush runs at a time, a second after the first view waiting, in batches of up to 500.
 */
const FLUSH_EVERY_MS = 1_000;
const MAX_BATCH = 500;
const MAX_REMEMBERED = 200_000;

type Recorder = { pending: Map<string, CountedVisit>; seen: Set<string>; day: string; timer?: NodeJS.Timeout; flushing: boolean };
// On globalThis: the cache of rendered pages (server.mjs) calls back into this module's copy.
const holder = globalThis as typeof globalThis & { dirishaViewRecorder?: Recorder };
const recorder: Recorder = (holder.dirishaViewRecorder ??= { pending: new Map(), seen: new Set(), day: "", flushing: false });

/** The next batch: at most MAX_BATCH views, taken out of the waiting ones. */
function nextBatch(): [string, CountedVisit][] {
  const batch: [string, CountedVisit][] = [];
  for (const item of recorder.pending) {
    batch.push(item);
    if (batch.length === MAX_BATCH) break;
  }
  for (const [key] of batch) recorder.pending.delete(key);
  return batch;
}

/** One flush at a time, every second while views wait: a batch a transaction. */
async function flush(): Promise<void> {
  recorder.timer = undefined;
  if (recorder.flushing) return;
  recorder.flushing = true;
  try {
    for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
      try {
        await countServiceViews(
          await getDb(),
          batch.map(([, visit]) => visit),
        );
      } catch (error) {
        // Not counted: these visitors may be counted on their next view.
        for (const [key] of batch) recorder.seen.delete(key);
        log.warn("views not counted", { views: batch.length, error: describeError(error) });
      }
    }
  } finally {
    recorder.flushing = false;
  }
}

/** Counts one view (once per visitor and day; robots and prefetches not at all), in the next batch. */
export function countView(serviceId: string, request: Pick<Headers, "get">, address: string, now = new Date()): void {
  const visitor = countableVisitor(request);
  if (!visitor) return;
  const visit = countedVisit(serviceId, { address, userAgent: visitor.userAgent }, now);
  if (visit.day !== recorder.day || recorder.seen.size >= MAX_REMEMBERED) {
    recorder.day = visit.day;
    recorder.seen.clear();
  }
  const key = `${serviceId}:${visit.visitorHash}`;
  if (recorder.seen.has(key)) return;
  recorder.seen.add(key);
  recorder.pending.set(key, visit);
  recorder.timer ??= setTimeout(() => void flush(), FLUSH_EVERY_MS).unref();
}

/**
 * Called by the service page: counts the view, and again for each copy of the page sent from the
 * cache of rendered pages (lib/http/page-cache.mjs). The headers are read here, while the request
 * is still being answered; the address is the one server.mjs established from the socket and the
 * trusted proxies, and only a keyed hash of it is kept.
 */
export async function recordServiceView(serviceId: string): Promise<void> {
  countView(serviceId, await headers(), await clientAddress());
  onEveryView((sent, address) => countView(serviceId, sent, address));
}
