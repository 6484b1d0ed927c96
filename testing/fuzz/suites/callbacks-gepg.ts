import { createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, it } from "vitest";
import { bills, reconciliations } from "@/db/schema";
import { MAX_CALLBACK_BODY } from "@/lib/payments/callbacks";
import { gepgPortalKey } from "@/lib/integrations/gepg/client";
import { GEPG_STATUS } from "@/lib/integrations/gepg/messages";
import { openGepgMessage, signContent } from "@/lib/integrations/gepg/signature";
import type { TestDatabase } from "@/testing/database";
import type { FuzzContext } from "../context";
import { anyBody, contentTypes, hostileXml, post, tenMegabytes } from "../bodies";
import { fewSpoiled, fuzz, fuzzTimeout, loggedErrors, shown, writeWatch } from "../harness";
import { ROUTES } from "../targets";
import { KEYS, type World } from "../world";

/*
 * GePG's three callbacks (issue 21, "Hostile input"), fuzzed at their routes: bodies that are not
 * XML, not UTF-8, entity expansion, external entities, DOCTYPEs, deep nesting, 10 MB, wrong
 * content types; messages signed with "GePG"'s key (made here, as lib/payments/callbacks.test.ts
 * makes it) whose fields hold hostile values, escaped or breaking the markup, replayed, tampered
 * with or signed by a stranger. Properties: every answer is the portal's signed acknowledgement
 * with one of GePG's codes (7202 with 415 for a declared non-XML type, 7242 with 413 past 256 KB,
 * 7303 for a signature that does not verify), never a 500; a refusal writes nothing; a message
 * applied twice is recorded once; nothing logged as an error.
 */

const gepg = generateKeyPairSync("rsa", { modulusLength: 2048 });
fs.writeFileSync(path.join(KEYS, "gepg-public.pem"), gepg.publicKey.export({ type: "spki", format: "pem" }));
const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });

const KINDS = {
  "control-number": { content: "billSubRes", ack: "billSubResAck" },
  payment: { content: "pmtSpNtfReq", ack: "pmtSpNtfReqAck" },
  reconciliation: { content: "sucSpPmtRes", ack: "sucSpPmtResAck" },
} as const;
type Kind = keyof typeof KINDS;

/** An element and its children, or its text; a text's value is escaped as XML unless it is markup to inject. */
type Node = [name: string, children: Node[] | string];

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** One of GePG's messages about `bill`: its fields as GePG fills them, a few with what a hostile peer puts there. */
function message(kind: Kind, bill: { billId: string; number: string }, reqId: string): fc.Arbitrary<{ xml: string }> {
  const payment = {
    SpCode: ["SP99001", "SP00000"],
    BillId: [bill.billId, bill.billId, "DRS-UNKNOWN"],
    BillCtrNum: [bill.number, bill.number, "990000000000"],
    PspCode: ["PSP101"],
    PspName: ["M-Pesa (Vodacom)", "<b>Bank</b>"],
    PayRefId: ["PR1"],
    BillAmt: ["8000.00", "8000.00", "8000", "-1", "99999999999999999999.99"],
    PaidAmt: ["8000.00", "8000.00", "4000.00", "0.00", "8000.005"],
    BillPayOpt: ["3", "3", "1", "2", "9"],
    Ccy: ["TZS", "TZS", "USD"],
    CollAccNum: ["9900000000101", ""],
    TrxDtTm: ["2026-11-25T10:15:00", "2026-11-25T10:15:00", "0000-01-01T00:00:00", "2026-02-30T10:00:00", "9999-12-31T23:59:59"],
    UsdPayChnl: ["MOBILE"],
    TrdPtyTrxId: ["QK71XY0001"],
    QtRefId: [""],
    PyrCellNum: ["255700000001", ""],
    PyrEmail: ["", "a@b.tz"],
    PyrName: ["Rehema Mushi"],
    Rsv1: [""],
    Rsv2: [""],
    Rsv3: [""],
  };
  // Each message new to the portal (its ids and GePG's transaction id fresh), unless a case says otherwise.
  const fresh = fc.record({ id: fc.uuid(), other: fc.uuid(), trx: fc.uuid().map((id) => `TRX${id.slice(0, 8)}`) });
  const nodes = (record: Record<string, string>): Node[] => Object.entries(record).map(([name, value]) => [name, value]);
  /** A payment's record in GePG's order, its transaction id after the PSP's name. */
  const paymentNodes = (detail: Record<string, string>, trxId: string): Node[] =>
    nodes(detail).flatMap((node) => (node[0] === "PspName" ? [node, ["TrxId", trxId] as Node] : [node]));
  const tree: fc.Arbitrary<Node> =
    kind === "control-number"
      ? fc
          .tuple(
            fresh,
            fewSpoiled({
              GrpBillId: [bill.billId],
              CustCntrNum: [bill.number, "99123456789"],
              ResSts: ["GS", "GF"],
              ResStsCode: ["7101", "7101", "7242", "7226"],
              ResStsDesc: ["Success"],
              BillId: [bill.billId, bill.billId, "DRS-UNKNOWN"],
              BillCntrNum: [bill.number, ""],
              BillStsCode: ["7101", "7201"],
              BillStsDesc: ["Success"],
            }),
          )
          .map(([{ id, other }, { BillId, BillCntrNum, BillStsCode, BillStsDesc, ...header }]) => [
            "billSubRes",
            [
              ["BillHdr", nodes({ ResId: id, ReqId: other, ...header })],
              [
                "BillDtls",
                [["BillDtl", nodes({ BillId: BillId!, BillCntrNum: BillCntrNum!, BillStsCode: BillStsCode!, BillStsDesc: BillStsDesc! })]],
              ],
            ],
          ])
      : kind === "payment"
        ? fc
            .tuple(fresh, fewSpoiled({ SpGrpCode: ["SPG9901"], EntryCnt: ["1", "1", "2", "0"], ...payment }))
            .map(([{ id, trx }, { SpGrpCode, EntryCnt, ...detail }]) => [
              "pmtSpNtfReq",
              [
                [
                  "PmtHdr",
                  nodes({
                    ReqId: id,
                    GrpBillId: detail.BillId!,
                    SpGrpCode: SpGrpCode!,
                    CustCntrNum: detail.BillCtrNum!,
                    EntryCnt: EntryCnt!,
                  }),
                ],
                ["PmtDtls", [["PmtTrxDtl", paymentNodes(detail, trx)]]],
              ],
            ])
        : fc
            .tuple(
              fresh,
              fewSpoiled({ ReqId: [reqId, reqId, "REC-UNKNOWN"], PayStsCode: ["7101", "7201"], PayStsDesc: ["Success"], ...payment }),
            )
            .map(([{ id, trx }, { ReqId, PayStsCode, PayStsDesc, ...detail }]) => [
              "sucSpPmtRes",
              [
                ["BatchHdr", nodes({ ResId: id, ReqId: ReqId!, PayStsCode: PayStsCode!, PayStsDesc: PayStsDesc! })],
                [
                  "PmtDtls",
                  [["PmtTrxDtl", [["CustCntrNum", detail.BillCtrNum!], ["GrpBillId", detail.BillId!], ...paymentNodes(detail, trx)]]],
                ],
              ],
            ]);
  // Mostly escaped as XML; sometimes one field's value goes in as it is, markup and all.
  return fc.tuple(tree, fc.nat(), fc.nat(5)).map(([root, pick, raw]) => {
    const leaves: Node[] = [];
    const walk = (node: Node) => (typeof node[1] === "string" ? leaves.push(node) : node[1].forEach(walk));
    walk(root);
    const chosen = raw === 0 ? leaves[pick % leaves.length]! : null;
    const render = (node: Node): string => {
      const [name, children] = node;
      const inner = typeof children === "string" ? (node === chosen ? children : escapeXml(children)) : children.map(render).join("");
      return `<${name}>${inner}</${name}>`;
    };
    return { xml: render(root) };
  });
}

type Case =
  | { kind: "raw"; body: Uint8Array | string; type: string | undefined; streamed: boolean }
  | {
      kind: "signed";
      content: string;
      type: string | undefined;
      how: "plain" | "replay" | "tamper" | "stranger" | "prolog";
      at: number;
      streamed: boolean;
    }
  | { kind: "huge"; piece: string; declared: boolean; type: string | undefined };

export function gepgCallbacks(context: FuzzContext): void {
  const { engine } = context;
  let database: TestDatabase;
  let world: World;
  let portalPublic: KeyObject;
  let bill: { billId: string; number: string };
  const reqId = randomUUID();

  beforeAll(async () => {
    database = context.database();
    world = context.world();
    portalPublic = createPublicKey(gepgPortalKey());
    // One bill with its control number, one reconciliation asked for: messages about them get as far as being applied.
    const [row] = await database.db.select().from(bills).where(inArray(bills.id, world.bills));
    await database.db.update(bills).set({ controlNumber: "991234567890", state: "issued" }).where(eq(bills.id, row!.id));
    bill = { billId: row!.billId, number: "991234567890" };
    await database.db.insert(reconciliations).values({ reqId, day: "2026-11-25" });
  });

  /** The portal's answer: its signed acknowledgement of this callback, with one of GePG's codes. */
  function ackOf(kind: Kind, status: number, body: string) {
    let code: string | undefined;
    try {
      code = openGepgMessage(body, portalPublic, KINDS[kind].ack).content.children.find((c) => c.name === "AckStsCode")?.text;
    } catch (error) {
      throw new Error(`${status} without a signed acknowledgement (${(error as Error).message}): ${shown(body)}`);
    }
    if (!code || !(Object.values(GEPG_STATUS) as string[]).includes(code)) throw new Error(`acknowledged with code ${shown(code)}`);
    if (![200, 413, 415].includes(status)) throw new Error(`status ${status} (${code})`);
    if ((status === 415) !== (code === GEPG_STATUS.HEADER_MISSING)) throw new Error(`status ${status} with ${code}`);
    if (status === 413 && code !== GEPG_STATUS.INVALID_REQUEST) throw new Error(`413 with ${code}`);
    return { status, code };
  }

  function cases(kind: Kind): fc.Arbitrary<Case> {
    return fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant("raw" as const),
          body: fc.oneof(anyBody, hostileXml),
          type: contentTypes,
          streamed: fc.boolean(),
        }),
      },
      {
        weight: 8,
        arbitrary: fc.record({
          kind: fc.constant("signed" as const),
          content: message(kind, bill, reqId).map((m) => m.xml),
          type: fc.oneof(
            { weight: 6, arbitrary: fc.constantFrom("application/xml", "text/xml; charset=utf-8", undefined) },
            { weight: 1, arbitrary: contentTypes },
          ),
          how: fc.constantFrom("plain", "plain", "plain", "plain", "replay", "tamper", "stranger", "prolog"),
          at: fc.nat(),
          streamed: fc.boolean(),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("huge" as const),
          piece: fc.constantFrom("<a>", "&#65;", "A", "\u0000"),
          declared: fc.boolean(),
          type: fc.constantFrom("application/xml", undefined),
        }),
      },
    );
  }

  async function fuzzCallback(kind: Kind) {
    const route = (await import(`@/app/api/gepg/${kind}/route`)).POST as (request: Request) => Promise<Response>;
    const url = `http://portal.test/api/gepg/${kind}`;
    const writes = await writeWatch(database.db);
    const errors = loggedErrors();
    try {
      await fuzz(`POST app/api/gepg/${kind}/route.ts (${engine})`, cases(kind), async (item) => {
        errors.lines.length = 0;
        const headers = (type: string | undefined): Record<string, string> => (type === undefined ? {} : { "Content-Type": type });
        const sent: Request[] = [];
        let expected: string | null = null;
        if (item.kind === "raw") sent.push(post(url, item.body, headers(item.type), item.streamed));
        else if (item.kind === "huge") {
          sent.push(tenMegabytes(url, item.piece, headers(item.type), item.declared).request);
          expected = GEPG_STATUS.INVALID_REQUEST;
        } else {
          // Signed as GePG signs: the content element's exact text, whatever it holds.
          const key = item.how === "stranger" ? stranger.privateKey : gepg.privateKey;
          let body = `<Gepg>${item.content}<signature>${signContent(item.content, key)}</signature></Gepg>`;
          if (item.how === "prolog") body = `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE Gepg [<!ENTITY x "y">]>${body}`;
          if (item.how === "tamper") {
            const i = "<Gepg>".length + (item.at % item.content.length);
            body = `${body.slice(0, i)}${body[i] === "0" ? "1" : "0"}${body.slice(i + 1)}`;
          }
          const declared = item.type?.split(";")[0]!.trim().toLowerCase();
          const xmlType = item.type === undefined || item.type.trim() === "" || declared === "application/xml" || declared === "text/xml";
          if (!xmlType) expected = GEPG_STATUS.HEADER_MISSING;
          else if (Buffer.byteLength(body) > MAX_CALLBACK_BODY || item.how === "prolog") expected = GEPG_STATUS.INVALID_REQUEST;
          else if (item.how === "stranger" || item.how === "tamper") expected = GEPG_STATUS.INVALID_SIGNATURE;
          sent.push(post(url, body, headers(item.type), item.streamed));
          if (item.how === "replay") sent.push(post(url, body, headers(item.type), item.streamed));
        }
        const acks = [];
        for (const one of sent) {
          let response: Response;
          try {
            response = await route(one);
          } catch (error) {
            throw new Error(`threw ${error instanceof Error ? `${error.name}: ${error.message}` : shown(error)}`, { cause: error });
          }
          const ack = ackOf(kind, response.status, await response.text());
          const changed = await writes.changed();
          if (ack.code !== GEPG_STATUS.SUCCESS && changed.length)
            throw new Error(`refused (${ack.code}), yet wrote to ${changed.join(", ")}`);
          // Rule: a message GePG sends again is acknowledged again and recorded once.
          if (acks.length === 1 && acks[0]!.code === GEPG_STATUS.SUCCESS && (ack.code !== GEPG_STATUS.SUCCESS || changed.length))
            throw new Error(`a repeated message was answered ${ack.code} and wrote to ${changed.join(", ") || "nothing"}`);
          acks.push(ack);
        }
        if (errors.lines.length) throw new Error(`logged errors: ${errors.lines.map(shown).join(" | ")}; acks ${shown(acks)}`);
        if (expected !== null && acks[0]!.code !== expected) throw new Error(`expected ${expected}, acknowledged ${shown(acks[0])}`);
        return acks[0]!.code;
      });
    } finally {
      errors.stop();
    }
  }

  it.each(Object.keys(ROUTES["callbacks-gepg"]))(
    "%s",
    async (file) => {
      await fuzzCallback(/gepg\/([^/]+)\//.exec(file)![1] as Kind);
    },
    fuzzTimeout(),
  );
}
