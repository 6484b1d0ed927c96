import "server-only";
import { getDb, type Database } from "@/db";
import { log } from "@/lib/log";
import { buildCatalogue, type Catalogue } from "./catalogue";
import { loadCatalogueRows, readCatalogueVersion } from "./load";

/**
 * The process's copy of the published catalogue. Once loaded, it is checked every few seconds
 * (one tiny query) and rebuilt when another process changed the catalogue; a copy not checked
 * within that time is checked before it is served (shared by the requests that arrive meanwhile),
 * so that no visitor sees a catalogue older than a few seconds, however quiet the instance was. A change made in
 * this process calls refreshCatalogue() and shows at once.
 */

const CHECK_EVERY_MS = 5_000;

type State = { catalogue?: Catalogue; checkedAt: number; pending?: Promise<Catalogue>; timer?: NodeJS.Timeout };
// On globalThis: the proxy's bundle and the pages' bundle share one copy in one process.
const holder = globalThis as typeof globalThis & { dirishaCatalogue?: State };
const state = (holder.dirishaCatalogue ??= { checkedAt: 0 });

async function refresh(db: Database, force: boolean): Promise<Catalogue> {
  const version = await readCatalogueVersion(db);
  if (!force && state.catalogue && state.catalogue.version === version) {
    state.checkedAt = Date.now();
    return state.catalogue;
  }
  const started = performance.now();
  const catalogue = buildCatalogue(await loadCatalogueRows(db));
  state.catalogue = catalogue;
  state.checkedAt = Date.now();
  // Checked every few seconds from now on, asked or not: a quiet instance is as current as a busy one.
  state.timer ??= setInterval(() => void currentCatalogue().catch(() => undefined), CHECK_EVERY_MS / 2).unref();
  log.info("catalogue loaded", {
    version: catalogue.version,
    services: catalogue.services.length,
    ms: Math.round(performance.now() - started),
  });
  return catalogue;
}

function once(run: () => Promise<Catalogue>): Promise<Catalogue> {
  state.pending ??= run().finally(() => {
    state.pending = undefined;
  });
  return state.pending;
}

export async function currentCatalogue(): Promise<Catalogue> {
  if (state.catalogue && Date.now() - state.checkedAt < CHECK_EVERY_MS) return state.catalogue;
  const db = await getDb();
  if (!state.catalogue) return once(() => refresh(db, true));
  try {
    return await once(() => refresh(db, false));
  } catch (error) {
    // The database did not answer: the copy held is still the best there is, until the next check
    // in a few seconds (not one for every request meanwhile, and the cache of rendered pages serves on).
    state.checkedAt = Date.now();
    log.error("catalogue refresh failed", { error: error instanceof Error ? error.message : String(error) });
    return state.catalogue;
  }
}

/**
 * For server.mjs's cache of rendered pages (lib/http/page-cache.mjs), which answers without
 * reaching the pages: the version of the catalogue this process serves, checked every few seconds
 * (above). Undefined, so that pages are rendered after a check, before the catalogue is loaded
 * and when the checks have fallen behind (a stalled event loop): a publish is never hidden
 * behind a kept page for longer than that.
 */
(globalThis as { dirishaCatalogueVersion?: () => number | undefined }).dirishaCatalogueVersion = () => {
  if (!state.catalogue) return undefined;
  if (Date.now() - state.checkedAt >= 2 * CHECK_EVERY_MS) {
    void currentCatalogue().catch(() => undefined);
    return undefined;
  }
  return state.catalogue.version;
};

/** After a change in this process: rebuild now. */
export async function refreshCatalogue(): Promise<Catalogue> {
  const db = await getDb();
  // A check already under way may have read the version before the change: wait for it, then rebuild.
  await state.pending?.catch(() => undefined);
  return once(() => refresh(db, true));
}
