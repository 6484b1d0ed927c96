import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, type Database } from "@/db";
import type { Callback } from "@/lib/http/callback";
import { gepgPortalKey, gepgPublicKey } from "@/lib/integrations/gepg/client";
import {
  buildBillSubResAck,
  buildPmtSpNtfReqAck,
  buildSucSpPmtResAck,
  GEPG_STATUS,
  GepgMessageError,
} from "@/lib/integrations/gepg/messages";
import { GepgSignatureError, openGepgMessage, sealGepgMessage, type OpenedMessage } from "@/lib/integrations/gepg/signature";
import { describeError, log } from "@/lib/log";

/**
 * GePG's callbacks. Every body that reaches one is answered with the portal's signed
 * acknowledgement and GePG's status code, cheapest refusal first: a declared non-XML content
 * type (7202), a body over 256 KB (7242, never read past the limit), a body that is not UTF-8,
 * carries a DOCTYPE or declaration or nests too deep (7242, by one pass before any parsing), a
 * signature that does not verify on the exact bytes received (7303); only then is the message
 * built into objects and read (7242 when a field is wrong). When the database cannot record it,
 * 503 with no acknowledgement, so that GePG sends it again.
 */

export type CallbackKind = "billSubRes" | "pmtSpNtfReq" | "sucSpPmtRes";
type Ack = (ackId: string, id: string, code: string) => string;

const acks: Record<CallbackKind, Ack> = {
  billSubRes: (AckId, ResId, AckStsCode) => buildBillSubResAck({ AckId, ResId, AckStsCode }),
  pmtSpNtfReq: (AckId, ReqId, AckStsCode) => buildPmtSpNtfReqAck({ AckId, ReqId, AckStsCode }),
  sucSpPmtRes: (AckId, ResId, AckStsCode) => buildSucSpPmtResAck({ AckId, ResId, AckStsCode }),
};

/** GePG's own limit on what it accepts is not public; the sandbox's is 256 KB, and so is ours. */
export const MAX_CALLBACK_BODY = 256 * 1024;

function signed(content: string, status = 200): Response {
  return new Response(sealGepgMessage(content, gepgPortalKey()), {
    status,
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/**
 * The identifier a refused message carries, to echo in the acknowledgement; a new one when none
 * can be read (an empty or unreadable body), since an acknowledgement always names one.
 */
function idIn(body: string, element: string): string {
  const match = new RegExp(`<${element}>([A-Za-z0-9_.:-]{1,64})</${element}>`).exec(body);
  return match?.[1] ?? randomUUID();
}

/** A declared content type other than XML's. None declared is accepted: GePG's headers are not documented. */
function wrongContentType(headers: Headers): boolean {
  const declared = headers.get("content-type");
  if (declared === null || declared.trim() === "") return false;
  const type = declared.split(";")[0]!.trim().toLowerCase();
  return type !== "application/xml" && type !== "text/xml";
}

/**
 * One of GePG's callbacks, `apply` recording the opened message in `database` (the process's
 * own) and returning the id to acknowledge.
 */
export function gepgCallback(
  expected: CallbackKind,
  apply: (db: Database, opened: OpenedMessage) => Promise<string>,
  database: () => Promise<Database> = getDb,
): Callback {
  const idElement = expected === "pmtSpNtfReq" ? "ReqId" : "ResId";
  const build = acks[expected];
  const refuse = (code: string, reason: string, body = "", status = 200, extra: Record<string, unknown> = {}) => {
    // No content of the message is logged: only which callback, GePG's code and why.
    log.warn("GePG callback refused", { callback: expected, status: code, reason, ...extra });
    return signed(build(randomUUID(), idIn(body, idElement), code), status);
  };

  return {
    maxBody: MAX_CALLBACK_BODY,
    screen: (headers) => (wrongContentType(headers) ? refuse(GEPG_STATUS.HEADER_MISSING, "content-type", "", 415) : undefined),
    tooLarge: () => refuse(GEPG_STATUS.INVALID_REQUEST, "too-large", "", 413),
    async receive(bytes) {
      if (bytes.length === 0) return refuse(GEPG_STATUS.INVALID_REQUEST, "empty");
      let opened: OpenedMessage;
      try {
        opened = openGepgMessage(bytes, gepgPublicKey(), expected);
      } catch (error) {
        if (error instanceof GepgSignatureError) {
          const code = error.kind === "bad-signature" ? GEPG_STATUS.INVALID_SIGNATURE : GEPG_STATUS.INVALID_REQUEST;
          return refuse(code, error.reason, Buffer.from(bytes).toString("utf8"));
        }
        log.error("GePG callback could not be checked", { callback: expected, error: describeError(error) });
        return new Response("Not recorded; send it again\n", { status: 503 });
      }
      let id: string;
      try {
        id = await apply(await database(), opened);
      } catch (error) {
        if (error instanceof GepgMessageError)
          return refuse(GEPG_STATUS.INVALID_REQUEST, "unreadable-field", opened.signedXml, 200, { field: error.field });
        log.error("GePG callback not recorded", { callback: expected, error: describeError(error) });
        return new Response("Not recorded; send it again\n", { status: 503 });
      }
      return signed(build(randomUUID(), id, GEPG_STATUS.SUCCESS));
    },
  };
}
