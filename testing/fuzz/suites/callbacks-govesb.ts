import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, expect, it } from "vitest";
import { FeedbackStatus } from "@/components/FeedbackStatus";
import { applicationEvents, applications } from "@/db/schema";
import { env } from "@/lib/env";
import { feedbackByReference, submitFeedback } from "@/lib/feedback/feedback";
import { openEnvelope, publicKeyFrom } from "@/lib/integrations/govesb/envelope";
import { MAX_PUSH_BODY } from "@/lib/integrations/govesb/subscriber";
import type { TestDatabase } from "@/testing/database";
import type { FuzzContext } from "../context";
import { request } from "../requests";
import { anyBody, contentTypes, post, tenMegabytes } from "../bodies";
import {
  field,
  fuzz,
  fuzzTimeout,
  hostileText,
  loggedErrors,
  mostly,
  placeholder,
  shown,
  spoiledJson,
  tagsOf,
  writeWatch,
} from "../harness";
import { ROUTES } from "../targets";
import { KEYS, type World } from "../world";

/*
 * GovESB's pushes to the portal (issue 21, "Hostile input"): e-Mrejesho's updates to feedback and
 * institutions' updates to applications, fuzzed at their routes with bodies of every kind: not
 * JSON, not UTF-8, nested deep, 10 MB, prototype keys, wrong content types; envelopes signed by
 * the bus (with the test's own key, as lib/applications/updates.test.ts signs them) whose updates
 * carry hostile values, replayed, tampered with, or signed by a stranger. Properties: the answer
 * is always GovESB's envelope signed by the portal, 200 only when applied (or applied already),
 * else 400, 401 or 413 and nothing written; never a 500, never an error logged; what an
 * institution wrote reaches the citizen's page as text.
 */

const bus = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
fs.writeFileSync(path.join(KEYS, "govesb-bus-public.pem"), bus.publicKey.export({ type: "spki", format: "pem" }));
const stranger = generateKeyPairSync("ec", { namedCurve: "secp256k1" });

/** An envelope of data sent as this exact text, signed with `key`. */
function sealRaw(data: string, key: KeyObject): string {
  return `{"data":${data},"signature":${JSON.stringify(sign("sha256", Buffer.from(data, "utf8"), key).toString("base64"))}}`;
}

/** Timestamps: right, at the edges of what PostgreSQL keeps, and not timestamps. */
const when = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("2026-12-05T09:00:00+03:00", "2026-12-05T06:00:00Z", "2027-01-01T00:00:00.123456Z") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "0000-01-01T00:00:00Z",
      "9999-12-31T23:59:59+14:00",
      "1970-01-01T00:00:00Z",
      "2026-02-29T00:00:00Z",
      "2026-12-05",
    ),
  },
  { weight: 1, arbitrary: hostileText },
);

type Case =
  | { kind: "raw"; body: Uint8Array | string; type: string | undefined; streamed: boolean }
  | {
      kind: "signed";
      data: unknown;
      type: string | undefined;
      how: "plain" | "replay" | "tamper" | "stranger" | "raw-escapes";
      at: number;
      streamed: boolean;
    }
  | { kind: "huge"; piece: string; declared: boolean };

export function govesbPushes(context: FuzzContext): void {
  const { engine } = context;
  let database: TestDatabase;
  let world: World;
  let portalPublic: KeyObject;
  let feedbackReferences: string[];
  let applicationReferences: string[];

  beforeAll(async () => {
    database = context.database();
    world = context.world();
    portalPublic = await (async () => {
      const { portalPrivateKey } = await import("@/lib/integrations/govesb/keys");
      portalPrivateKey();
      return publicKeyFrom(fs.readFileSync(path.join(KEYS, "govesb-portal-public.pem"), "utf8"));
    })();
    feedbackReferences = [];
    for (let i = 0; i < 6; i++)
      feedbackReferences.push(
        await submitFeedback(database.db, {
          kind: "complaint",
          institutionId: world.institutions.rita,
          serviceId: null,
          subject: "Cheti kimechelewa",
          message: "Nimesubiri cheti cha kuzaliwa kwa wiki sita.",
          senderName: null,
          senderPhone: i % 2 ? "255712345678" : null,
          citizenId: null,
          locale: i % 2 ? "en" : "sw",
          attachment: null,
        }),
      );
    const [draft] = await database.db.select().from(applications).where(eq(applications.id, world.drafts[0]!));
    applicationReferences = ["APP-QQQ0-FUZZ", "APP-QQQ1-FUZZ", "APP-QQQ2-FUZZ"];
    for (let i = 0; i < 5; i++) {
      const reference = `APP-SNT${i}-FUZZ`;
      await database.db
        .insert(applications)
        .values({ ...draft!, id: undefined, reference, status: "sent", phone: "255700000001" } as typeof applications.$inferInsert);
      applicationReferences.push(reference);
    }
  });

  /** The portal's answer: GovESB's envelope, signed with the portal's key, saying what the status says. */
  async function answerOf(response: Response) {
    const text = await response.text();
    let answer: { success?: unknown; message?: unknown };
    try {
      answer = openEnvelope(text, portalPublic);
    } catch (error) {
      throw new Error(`${response.status} without a signed envelope (${(error as Error).message}): ${shown(text)}`);
    }
    if (typeof answer.success !== "boolean" || typeof answer.message !== "string") throw new Error(`not an answer: ${shown(answer)}`);
    if (![200, 400, 401, 413].includes(response.status)) throw new Error(`status ${response.status}: ${shown(answer)}`);
    if (answer.success !== (response.status === 200)) throw new Error(`success ${String(answer.success)} with ${response.status}`);
    return { status: response.status, success: answer.success, message: answer.message };
  }

  /** One pushed update, as the bus would send it: plausible values, often hostile ones, sometimes broken shape. */
  function updates(kind: "emrejesho" | "applications"): fc.Arbitrary<unknown> {
    const pushCode = kind === "emrejesho" ? env().EMREJESHO_UPDATES_CODE : env().APPLICATION_UPDATES_CODE;
    const text = (...plausible: string[]) => (plausible.length ? mostly(...plausible) : field());
    const update =
      kind === "emrejesho"
        ? fc.record({
            PortalReference: fc.oneof(
              { weight: 5, arbitrary: fc.constantFrom(...feedbackReferences) },
              { weight: 1, arbitrary: text("MRJ-AAAA-BBBB") },
            ),
            Reference: text("EMR-2026-000043"),
            Status: text("ACKNOWLEDGED", "ANSWERED", "CLOSED"),
            Reply: fc.option(fc.record({ Text: text("Cheti chako kiko tayari.", "<b>Ready</b>"), By: text("Afisa Huduma"), At: when }), {
              freq: 3,
            }),
            UpdateId: fc.oneof({ weight: 5, arbitrary: fc.uuid() }, { weight: 1, arbitrary: text("u1") }),
          })
        : fc
            .record({
              PortalReference: fc.oneof(
                { weight: 5, arbitrary: fc.constantFrom(...applicationReferences) },
                { weight: 1, arbitrary: text("APP-AAAA-BBBB") },
              ),
              Reference: fc.constantFrom("RITA-2026-000001", "RITA-2026-000001", "RITA-2026-000001", "RITA-2026-000002"),
              UpdateId: fc.oneof({ weight: 5, arbitrary: fc.uuid() }, { weight: 1, arbitrary: text("u1") }),
              Status: text("RECEIVED", "IN_REVIEW", "INFORMATION_NEEDED", "APPROVED", "REJECTED", "READY_FOR_COLLECTION", "COMPLETED"),
              Note: fc.option(text("We are checking your documents."), { freq: 2 }),
              Question: fc.option(text("Which hospital was the child born in?"), { freq: 2 }),
              Reasons: fc.option(text("The notification of birth is not readable."), { freq: 2 }),
              Collection: fc.option(fc.record({ Place: text("RITA office, Dar es Salaam"), From: when, Until: fc.option(when) }), {
                freq: 2,
              }),
              At: when,
              fill: fc.nat(4),
            })
            .map(({ fill, ...update }) => {
              // Mostly with what its status needs (a question, reasons, a place), so that cases get past the schema.
              if (fill === 0) return update;
              if (update.Status === "INFORMATION_NEEDED") return { ...update, Question: update.Question || "Which hospital?" };
              if (update.Status === "REJECTED") return { ...update, Reasons: update.Reasons || "Not readable." };
              if (update.Status === "READY_FOR_COLLECTION")
                return {
                  ...update,
                  Collection: update.Collection ?? { Place: "RITA, Dar es Salaam", From: "2026-12-10T08:00:00+03:00", Until: null },
                };
              return update;
            });
    const message = fc.record({
      pushCode: fc.oneof({ weight: 8, arbitrary: fc.constant(pushCode) }, { weight: 1, arbitrary: text() }),
      esbBody: fc.record({ Update: update }),
    });
    return message.chain((plausible) =>
      fc.oneof({ weight: 3, arbitrary: fc.constant(plausible) }, { weight: 1, arbitrary: spoiledJson(plausible) }),
    );
  }

  function cases(kind: "emrejesho" | "applications"): fc.Arbitrary<Case> {
    return fc.oneof(
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("raw" as const), body: anyBody, type: contentTypes, streamed: fc.boolean() }) },
      {
        weight: 8,
        arbitrary: fc.record({
          kind: fc.constant("signed" as const),
          data: updates(kind),
          type: fc.oneof({ weight: 5, arbitrary: fc.constant("application/json") }, { weight: 1, arbitrary: contentTypes }),
          how: fc.constantFrom("plain", "plain", "plain", "plain", "plain", "replay", "tamper", "stranger", "raw-escapes"),
          at: fc.nat(),
          streamed: fc.boolean(),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("huge" as const),
          piece: fc.constantFrom("[", '{"a":', "\u0000", "A"),
          declared: fc.boolean(),
        }),
      },
    );
  }

  async function fuzzPush(kind: "emrejesho" | "applications") {
    const route = (await import(kind === "emrejesho" ? "@/app/api/govesb/emrejesho/route" : "@/app/api/govesb/applications/route")).POST;
    const url = `http://portal.test/api/govesb/${kind}`;
    const writes = await writeWatch(database.db);
    const errors = loggedErrors();
    try {
      await fuzz(`POST app/api/govesb/${kind}/route.ts (${engine})`, cases(kind), async (item) => {
        errors.lines.length = 0;
        const headers = (type: string | undefined): Record<string, string> => (type === undefined ? {} : { "Content-Type": type });
        const sent: Request[] = [];
        let expected: number | null = null;
        if (item.kind === "raw") sent.push(post(url, item.body, headers(item.type), item.streamed));
        else if (item.kind === "huge")
          sent.push(tenMegabytes(url, item.piece, { "Content-Type": "application/json" }, item.declared).request);
        else {
          const json = JSON.stringify(item.data) ?? "null";
          // The same data with every non-ASCII character and control written as a \u escape: the bytes signed differ, the data is the same.
          const raw =
            item.how === "raw-escapes" ? json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : json;
          let body = item.how === "stranger" ? sealRaw(raw, stranger.privateKey) : sealRaw(raw, bus.privateKey);
          if (item.how === "tamper") {
            // One character of the signed data changed: the signature no longer covers it.
            const start = body.indexOf(raw);
            const i = start + (item.at % Math.max(1, raw.length));
            body = `${body.slice(0, i)}${body[i] === "0" ? "1" : "0"}${body.slice(i + 1)}`;
          }
          if (Buffer.byteLength(body) > MAX_PUSH_BODY) expected = 413;
          else if (item.how === "tamper" || item.how === "stranger") expected = 401;
          sent.push(post(url, body, headers(item.type), item.streamed));
          if (item.how === "replay") sent.push(post(url, body, headers(item.type), item.streamed));
        }
        const answers = [];
        for (const one of sent) {
          let response: Response;
          try {
            response = await route(one);
          } catch (error) {
            throw new Error(`threw ${error instanceof Error ? `${error.name}: ${error.message}` : shown(error)}`, { cause: error });
          }
          const answer = await answerOf(response);
          const changed = await writes.changed();
          if (!answer.success && changed.length)
            throw new Error(`refused (${answer.status} ${answer.message}), yet wrote to ${changed.join(", ")}`);
          answers.push(answer);
        }
        if (errors.lines.length) throw new Error(`logged errors: ${errors.lines.map(shown).join(" | ")}; answers ${shown(answers)}`);
        if (expected !== null && answers[0]!.status !== expected) throw new Error(`expected ${expected}, answered ${shown(answers[0])}`);
        // Rule: a push applied twice is applied once; the second is "already applied" and writes nothing.
        if (answers.length === 2 && answers[0]!.success && (answers[1]!.status !== 200 || answers[1]!.message !== "Already applied"))
          throw new Error(`a replay was answered ${shown(answers[1])}`);
        if (kind === "emrejesho" && item.kind === "signed" && answers[0]!.message === "Applied") await replyShownAsText(item.data);
        return answers[0]!.success ? "applied" : `refused ${answers[0]!.status} ${answers[0]!.message}`;
      });
    } finally {
      errors.stop();
    }
  }

  /** Rule: e-Mrejesho's reply reaches the status page as text, never as markup. */
  async function replyShownAsText(data: unknown) {
    const reference = (data as { esbBody: { Update: { PortalReference: string } } }).esbBody.Update.PortalReference;
    const item = (await feedbackByReference(database.db, reference))!;
    if (!item.reply) return;
    const render = (reply: NonNullable<typeof item.reply>) =>
      renderToStaticMarkup(createElement(FeedbackStatus, { locale: "sw", item: { ...item, reply } }));
    const plain = { ...item.reply, text: placeholder(item.reply.text)!, by: placeholder(item.reply.by)! };
    expect(tagsOf(render(item.reply)), `reply ${shown(item.reply)}`).toEqual(tagsOf(render(plain)));
  }

  it.each(Object.keys(ROUTES["callbacks-govesb"]))(
    "%s",
    async (file) => {
      await fuzzPush(file.includes("emrejesho") ? "emrejesho" : "applications");
    },
    fuzzTimeout(),
  );

  it("shows what institutions wrote as text on the citizen's application page", async () => {
    // Rule: an institution's note, question, reasons and place of collection are text on the page, never markup.
    const { default: ApplicationPage } = await import("@/app/[locale]/(account)/applications/[id]/page");
    request.actor = world.owner;
    const ids = (
      await database.db.select({ id: applications.id }).from(applications).where(eq(applications.citizenId, world.owner.citizenId))
    ).map((r) => r.id);
    const render = async (id: string) =>
      renderToStaticMarkup(await ApplicationPage({ params: Promise.resolve({ locale: "en", id }), searchParams: Promise.resolve({}) }));
    // Besides what the cases applied (few or none in a short run), one update that is all markup.
    await database.db.insert(applicationEvents).values({
      applicationId: world.questioned[0]!,
      kind: "update",
      updateId: "markup",
      status: "information_needed",
      moved: false,
      note: "<script>alert(1)</script>",
      question: '"><img src=x onerror=alert(1)>',
      collection: { place: "</li><b>", from: "2026-12-10T08:00:00+03:00", until: null },
      at: new Date(0),
    });
    const pages = await Promise.all(ids.map(render));
    const events = await database.db.select().from(applicationEvents);
    for (const event of events)
      await database.db
        .update(applicationEvents)
        .set({
          note: placeholder(event.note),
          question: placeholder(event.question),
          reasons: placeholder(event.reasons),
          collection: event.collection ? { ...event.collection, place: placeholder(event.collection.place)! } : null,
        })
        .where(eq(applicationEvents.id, event.id));
    for (const [i, id] of ids.entries()) expect(tagsOf(pages[i]!), `application ${id}`).toEqual(tagsOf(await render(id)));
  });
}
