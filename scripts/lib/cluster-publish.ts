// Publishes a new version of a live listing, as an editor and a publisher do in the editorial
// area (open a draft, save it, submit it for review, publish it), through the same library
// functions the staff pages call; only the summary changes, to the text given. Used by the
// cluster test (scripts/cluster-test.mjs) to see every portal instance pick up a publication.
// Run with the react-server condition, on the cluster's database (its DATABASE_URL and AUTH_SECRET):
//
//   tsx --conditions=react-server scripts/lib/cluster-publish.ts <english-slug> <summary-en> <summary-sw>
//
// Prints {"serviceId","version"} (the catalogue version after the publication) on success.
import "server-only";
import { eq, sql } from "drizzle-orm";
import { configuredTarget } from "@/db";
import { openDatabase } from "@/db/client";
import { services, staff } from "@/db/schema";
import { findVersion, openDraft, publishVersion, saveDraft, submitForReview } from "@/lib/editorial/listings";
import type { ListingDocument } from "@/lib/editorial/document";
import type { StaffActor } from "@/lib/security/permissions";

const [slug, summaryEn, summarySw] = process.argv.slice(2);
if (!slug || !summaryEn || !summarySw) {
  console.error("usage: cluster-publish.ts <english-slug> <summary-en> <summary-sw>");
  process.exit(2);
}

const handle = await openDatabase(configuredTarget());
try {
  const db = handle.db;
  const [admin] = await db.select({ id: staff.id }).from(staff).where(eq(staff.role, "admin")).limit(1);
  if (!admin) throw new Error("no administrator account (the portal makes one at its first start)");
  const actor: StaffActor = { kind: "staff", staffId: admin.id, role: "admin", institutionId: null };
  const [service] = await db.select({ id: services.id }).from(services).where(eq(services.slugEn, slug));
  if (!service) throw new Error(`no service with the English slug ${slug}`);

  const step = <T extends { ok: boolean }>(what: string, result: T): T => {
    if (!result.ok) throw new Error(`${what} refused: ${JSON.stringify(result)}`);
    return result;
  };
  const draft = step("opening a draft", await openDraft(db, actor, service.id));
  if (!draft.ok) throw new Error("unreachable");
  const version = await findVersion(db, actor, draft.versionId);
  if (!version) throw new Error("the draft just opened is not found");
  const document: ListingDocument = { ...version.content, summary: { en: summaryEn, sw: summarySw } };
  step("saving the draft", await saveDraft(db, actor, draft.versionId, document));
  step("submitting it for review", await submitForReview(db, actor, draft.versionId, "cluster test"));
  step("publishing it", await publishVersion(db, actor, draft.versionId));
  const rows = (await db.execute(sql`select version from catalogue_version`)) as unknown as { rows: { version: number }[] };
  console.log(JSON.stringify({ serviceId: service.id, version: Number(rows.rows[0]?.version) }));
} finally {
  await handle.close();
}
