import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import { gepgPortalKey, gepgPublicKey } from "@/lib/integrations/gepg/client";
import { buildBillSubResAck, buildPmtSpNtfReqAck, buildSucSpPmtResAck, GEPG_STATUS, GepgMessageError } from "@/lib/integrations/gepg/messages";
import { GepgSignatureError, openGepgMessage, sealGepgMessage, type OpenedMessage } from "@/lib/integrations/gepg/signature";
import { describeError, log } from "@/lib/log";
import type { Database } from "@/db";

/**
 * GePG's callbacks: the body's exact bytes are verified against GePG's key before anything is
 * read; each is answered with the portal's signed acknowledgement and GePG's status code. A bad
 * signature gets 7303, a message we cannot read 7242; when the database cannot record it, 503,
 * so that GePG sends it again.
 */

type Ack = (ackId: string, id: string, code: string) => string;

const acks: Record<"billSubRes" | "pmtSpNtfReq" | "sucSpPmtRes", Ack> = {
  billSubRes: (AckId, ResId, AckStsCode) => buildBillSubResAck({ AckId, ResId, AckStsCode }),
  pmtSpNtfReq: (AckId, ReqId, AckStsCode) => buildPmtSpNtfReqAck({ AckId, ReqId, AckStsCode }),
  sucSpPmtRes: (AckId, ResId, AckStsCode) => buildSucSpPmtResAck({ AckId, ResId, AckStsCode }),
};

function signed(content: string, status = 200): Response {
  return new Response(sealGepgMessage(content, gepgPortalKey()), { status, headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "no-store" } });
}

/** The identifier GePG's message carries, for acknowledging one we could not read. */
function idIn(body: string, element: string): string {
  const match = new RegExp(`<${element}>([A-Za-z0-9_.:-]{1,64})</${element}>`).exec(body);
  return match?.[1] ?? "";
}

const MAX_BODY = 2 * 1024 * 1024;

export async function handleGepgCallback(
  request: Request,
  expected: "billSubRes" | "pmtSpNtfReq" | "sucSpPmtRes",
  apply: (db: Database, opened: OpenedMessage) => Promise<string>,
): Promise<Response> {
  const idElement = expected === "pmtSpNtfReq" ? "ReqId" : "ResId";
  const build = acks[expected];
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY) return new Response("Too large\n", { status: 413 });
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > MAX_BODY) return new Response("Too large\n", { status: 413 });
  const text = new TextDecoder().decode(bytes);
  let opened: OpenedMessage;
  try {
    opened = openGepgMessage(bytes, gepgPublicKey(), expected);
  } catch (error) {
    const code = error instanceof GepgSignatureError && error.kind === "bad-signature" ? GEPG_STATUS.INVALID_SIGNATURE : GEPG_STATUS.INVALID_REQUEST;
    log.warn("GePG callback refused", { message: expected, code });
    return signed(build(randomUUID(), idIn(text, idElement), code));
  }
  let id: string;
  try {
    id = await apply(await getDb(), opened);
  } catch (error) {
    if (error instanceof GepgMessageError) {
      log.warn("GePG callback unreadable", { message: expected, field: error.field });
      return signed(build(randomUUID(), idIn(text, idElement), GEPG_STATUS.INVALID_REQUEST));
    }
    log.error("GePG callback not recorded", { message: expected, error: describeError(error) });
    return new Response("Not recorded; send it again\n", { status: 503 });
  }
  return signed(build(randomUUID(), id, GEPG_STATUS.SUCCESS));
}
