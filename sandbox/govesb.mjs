import { generateKeyPairSync, randomBytes, randomUUID, sign, timingSafeEqual, verify } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createModeSwitch } from "./modes.mjs";

/**
 * GovESB as in docs/protocols/govesb-nida.md, server side:
 * - POST /govesb/gw/govesb-uaa/oauth/token: OAuth client credentials (form body and Basic auth,
 *   both must carry the configured client id and secret); bearer tokens kept in memory.
 * - POST /govesb/engine/esb/nida-request: Bearer token; body `{"data":DATA,"signature":"…"}` where
 *   the signature is ECDSA-SHA256, DER, base64, over the exact bytes of DATA as received; DATA's
 *   apiCode must be NIDA's; esbBody.Payload goes to the NIDA imitation. The answer is
 *   `{"data":<compact JSON>,"signature":"<bus signature over exactly that text>"}`.
 * - POST /govesb/engine/esb/push-request (docs/protocols/emrejesho.md): the same checks; DATA's
 *   pushCode must be e-Mrejesho's; esbBody.Feedback goes to the e-Mrejesho imitation, whose
 *   {"Code","Message"} is the answer's esbBody. A pushCode of an institution's applications system
 *   (docs/protocols/govesb-applications.md, institutions.mjs) is delivered the way a subscriber
 *   receives it: the bus forwards `{"data":{"pushCode":…,"esbBody":…},"signature":"…"}`, signed
 *   with its own key, and the institution's back-end verifies it before reading it; the back-end's
 *   {"Code","Message","Reference"} is the answer's esbBody.
 * - pushBodyAllowed(bytes): a push-request body over `pushMaxBody` is refused (413) unless it is
 *   a push to an applications system, which may go up to `applicationPushMaxBody`.
 * - signedMessage(data): the envelope the bus pushes to a subscriber (e-Mrejesho's updates, the
 *   institutions' status updates, the applications forwarded to the institutions).
 * - Test switches (`mode`): normal, down (engine answers 503), bad-signature (every message the
 *   bus signs, answers, updates pushed to the portal and pushes forwarded to the institutions'
 *   back-ends, is signed with a throwaway key), slow (the engine waits `slowMs` before answering,
 *   the configured default or the request's), garbage (the engine answers 200 with an HTML page
 *   instead of an envelope), duplicate-callback (every update pushed to the portal is sent twice
 *   at once, e-Mrejesho's and the institutions'), out-of-order (updates pushed to the portal are
 *   held back while the mode is on, then sent newest first).
 * - NIDA's own switch (nida.mjs) acts on nida-request once the bus's checks have passed: down
 *   (503), slow, garbage (a signed success whose esbBody is not NIDA's), bad-signature.
 */
export const MODES = ["normal", "down", "bad-signature", "slow", "garbage", "duplicate-callback", "out-of-order"];

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

class ScanError extends Error {}

function skipWhitespace(bytes, i) {
  while (i < bytes.length && (bytes[i] === SPACE || bytes[i] === TAB || bytes[i] === LF || bytes[i] === CR)) i++;
  return i;
}

/** From the opening quote at `i`, the index just after the closing quote. */
function scanString(bytes, i) {
  for (i++; i < bytes.length; i++) {
    if (bytes[i] === BACKSLASH) i++;
    else if (bytes[i] === QUOTE) return i + 1;
  }
  throw new ScanError("Unterminated string");
}

/** From the first byte of a value at `i`, the index just after it. */
function scanValue(bytes, i) {
  const first = bytes[i];
  if (first === QUOTE) return scanString(bytes, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    while (i < bytes.length) {
      const b = bytes[i];
      if (b === QUOTE) {
        i = scanString(bytes, i);
        continue;
      }
      if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new ScanError("Unbalanced value");
  }
  const start = i;
  while (i < bytes.length && ![COMMA, CLOSE_BRACE, CLOSE_BRACKET, SPACE, TAB, LF, CR].includes(bytes[i])) i++;
  if (i === start) throw new ScanError("Missing value");
  return i;
}

/**
 * The exact bytes of the top-level member `key`'s value in a JSON object, found by a scanner that
 * honours strings and escapes (so braces or quotes inside strings and nested members of the same
 * name do not confuse it). JSON's structural characters are ASCII, so scanning UTF-8 bytes is
 * safe. Returns `{ start, end }` byte offsets, or null when the member is absent; throws on
 * malformed text or a repeated member.
 */
export function findTopLevelMember(bytes, key) {
  let i = skipWhitespace(bytes, 0);
  if (bytes[i] !== OPEN_BRACE) throw new ScanError("Not a JSON object");
  i = skipWhitespace(bytes, i + 1);
  let found = null;
  if (bytes[i] === CLOSE_BRACE) i++;
  else {
    for (;;) {
      if (bytes[i] !== QUOTE) throw new ScanError("Expected a member name");
      const nameEnd = scanString(bytes, i);
      const name = JSON.parse(Buffer.from(bytes.subarray(i, nameEnd)).toString("utf8"));
      i = skipWhitespace(bytes, nameEnd);
      if (bytes[i] !== COLON) throw new ScanError("Expected a colon");
      i = skipWhitespace(bytes, i + 1);
      const start = i;
      const end = scanValue(bytes, i);
      if (name === key) {
        if (found) throw new ScanError(`Member "${key}" appears twice`);
        found = { start, end };
      }
      i = skipWhitespace(bytes, end);
      if (bytes[i] === COMMA) {
        i = skipWhitespace(bytes, i + 1);
        continue;
      }
      if (bytes[i] === CLOSE_BRACE) {
        i++;
        break;
      }
      throw new ScanError("Expected a comma or a closing brace");
    }
  }
  if (skipWhitespace(bytes, i) !== bytes.length) throw new ScanError("Text after the object");
  return found;
}

function sameSecret(given, expected) {
  const a = Buffer.from(String(given ?? ""), "utf8");
  const b = Buffer.from(String(expected), "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

function basicCredentials(header) {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function createGovesb({
  clientId,
  clientSecret,
  nidaApiCode,
  emrejeshoPushCode = "EMREJESHO-SANDBOX-PUSH",
  curve,
  tokenLifetimeSeconds = 3600,
  scope = "esb",
  slowMs = 12000, // longer than the portal's 8 s timeout, so a slow bus is always a timed-out one
  pushMaxBody = 4 * 1024 * 1024,
  applicationPushMaxBody = 24 * 1024 * 1024,
  keyStore,
  nida,
  emrejesho,
  // The institutions' applications systems (institutions.mjs); optional.
  institutions = null,
}) {
  const tokens = new Map(); // token -> expiry (ms)
  const control = createModeSwitch(MODES, { slowMs });
  let throwaway = null;
  // Updates held back in out-of-order mode go out, newest first, once it is switched off.
  control.onChange((previous, next) => {
    if (previous === "out-of-order" && next !== "out-of-order") {
      emrejesho?.releaseHeld?.();
      institutions?.releaseHeld?.();
    }
  });

  function signingKey(badly = control.mode() === "bad-signature") {
    if (badly) {
      throwaway ??= generateKeyPairSync("ec", { namedCurve: curve }).privateKey;
      return throwaway;
    }
    return keyStore.bus().privateKey;
  }

  /** The envelope the bus answers with, signed over exactly the data text it contains (badly: with a throwaway key). */
  function envelope(status, data, badly = undefined) {
    const text = JSON.stringify(data);
    const signature = sign("sha256", Buffer.from(text, "utf8"), { key: signingKey(badly), dsaEncoding: "der" }).toString("base64");
    return { status, body: `{"data":${text},"signature":${JSON.stringify(signature)}}` };
  }

  function failure(status, message, extra = {}) {
    return envelope(status, { success: false, message, ...extra });
  }

  function token(headers, form) {
    const basic = basicCredentials(headers.authorization);
    const ok =
      basic &&
      sameSecret(basic.id, clientId) &&
      sameSecret(basic.secret, clientSecret) &&
      sameSecret(form.get("client_id"), clientId) &&
      sameSecret(form.get("client_secret"), clientSecret);
    if (!ok) return { status: 401, body: { error: "invalid_client" } };
    if (form.get("grant_type") !== "client_credentials") {
      return { status: 400, body: { error: "unsupported_grant_type" } };
    }
    const now = Date.now();
    for (const [t, expires] of tokens) if (expires <= now) tokens.delete(t);
    const accessToken = randomBytes(32).toString("base64url");
    tokens.set(accessToken, now + tokenLifetimeSeconds * 1000);
    return {
      status: 200,
      body: { access_token: accessToken, token_type: "bearer", expires_in: tokenLifetimeSeconds, scope },
    };
  }

  function tokenValid(header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    if (!match) return false;
    const expires = tokens.get(match[1]);
    if (expires === undefined) return false;
    if (expires <= Date.now()) {
      tokens.delete(match[1]);
      return false;
    }
    return true;
  }

  /**
   * The checks every engine request goes through (test mode, token, envelope, signature over the
   * exact bytes of data): `{ data }` (parsed) when they pass, `{ answer }` (to send) when not.
   */
  async function openRequest(headers, bytes) {
    const mode = control.mode();
    if (mode === "down") return { answer: { status: 503, body: { success: false, message: "Service unavailable" } } };
    // A gateway in front of the bus answering with its own page: 200, and no envelope at all.
    if (mode === "garbage") return { answer: { status: 200, body: "<html><body><h1>Gateway</h1><p>Request accepted</p></body></html>" } };
    if (mode === "slow") await sleep(control.slowMs());
    if (!tokenValid(headers.authorization)) return { answer: failure(401, "Invalid token") };

    let body;
    let span;
    try {
      body = JSON.parse(utf8.decode(bytes));
      span = findTopLevelMember(bytes, "data");
    } catch {
      return { answer: failure(400, 'Malformed request: the body must be {"data":{…},"signature":"…"}') };
    }
    if (!span || bytes[span.start] !== OPEN_BRACE) {
      return { answer: failure(400, "Malformed request: data must be a JSON object") };
    }
    const dataBytes = bytes.subarray(span.start, span.end);

    const portal = keyStore.portalPublicKey();
    if (!portal.key) return { answer: failure(401, "Invalid signature", { detail: portal.error }) };
    let verified = false;
    if (typeof body.signature === "string" && body.signature !== "") {
      try {
        verified = verify("sha256", dataBytes, { key: portal.key, dsaEncoding: "der" }, Buffer.from(body.signature, "base64"));
      } catch {
        verified = false;
      }
    }
    if (!verified) return { answer: failure(401, "Invalid signature") };
    return { data: JSON.parse(Buffer.from(dataBytes).toString("utf8")) };
  }

  function isObject(value) {
    return Boolean(value) && typeof value === "object" && !Array.isArray(value);
  }

  async function nidaRequest(headers, bytes) {
    const { data, answer } = await openRequest(headers, bytes);
    if (answer) return answer;
    const requestId = randomUUID();
    if (data.apiCode !== nidaApiCode) {
      return failure(200, `Unknown apiCode ${JSON.stringify(data.apiCode ?? null)} for nida-request`, { requestId });
    }
    if (typeof data.userId !== "string" || data.userId === "") {
      return failure(200, "userId is missing", { requestId });
    }
    const payload = data.esbBody?.Payload;
    if (!isObject(payload)) {
      return failure(200, "esbBody.Payload is missing", { requestId });
    }
    // NIDA behind the bus, as its own test switch has it.
    const nidaMode = nida.control?.mode() ?? "normal";
    if (nidaMode === "down") return { status: 503, body: { success: false, message: "NIDA is unavailable" } };
    if (nidaMode === "slow") await sleep(nida.control.slowMs());
    if (nidaMode === "garbage") {
      // The bus passes on what NIDA's gateway answered: an error page, not NIDA's answer.
      const esbBody = "<html><body><h1>CIG</h1><p>Internal error</p></body></html>";
      return envelope(200, { success: true, requestId, message: "Success", esbBody });
    }
    return envelope(
      200,
      { success: true, requestId, message: "Success", esbBody: nida.handle(payload) },
      nidaMode === "bad-signature" || undefined,
    );
  }

  /**
   * A push to a subscriber: data.pushCode names it. e-Mrejesho gets esbBody.Feedback; an
   * institution's applications system gets the whole message, forwarded as the bus delivers to a
   * subscriber (signed by the bus, verified by the back-end).
   */
  async function pushRequest(headers, bytes) {
    const { data, answer } = await openRequest(headers, bytes);
    if (answer) return answer;
    const requestId = randomUUID();
    const institution = institutions?.institutionFor(data.pushCode) ?? null;
    if (data.pushCode !== emrejeshoPushCode && !institution) {
      return failure(200, `Unknown pushCode ${JSON.stringify(data.pushCode ?? null)} for push-request`, { requestId });
    }
    if (typeof data.userId !== "string" || data.userId === "") {
      return failure(200, "userId is missing", { requestId });
    }
    if (institution) {
      if (!isObject(data.esbBody)) return failure(200, "esbBody is missing", { requestId });
      const forwarded = Buffer.from(signedMessage({ pushCode: data.pushCode, esbBody: data.esbBody }), "utf8");
      const delivered = institutions.receive(forwarded);
      if (delivered.refused) {
        return failure(200, `The subscriber refused the message: ${delivered.refused}`, { requestId });
      }
      return envelope(200, { success: true, requestId, message: "Success", esbBody: delivered.esbBody });
    }
    const feedback = data.esbBody?.Feedback;
    if (!isObject(feedback)) {
      return failure(200, "esbBody.Feedback is missing", { requestId });
    }
    return envelope(200, { success: true, requestId, message: "Success", esbBody: emrejesho.receive(feedback) });
  }

  /**
   * Whether a push-request body of this size may be handled: up to pushMaxBody always; past it,
   * up to applicationPushMaxBody, only when data.pushCode is an applications system's (read with
   * the raw scanner, before any other check, as a size limit is).
   */
  function pushBodyAllowed(bytes) {
    if (bytes.length <= pushMaxBody) return true;
    if (bytes.length > applicationPushMaxBody || !institutions) return false;
    try {
      const span = findTopLevelMember(bytes, "data");
      if (!span || bytes[span.start] !== OPEN_BRACE) return false;
      const dataBytes = bytes.subarray(span.start, span.end);
      const code = findTopLevelMember(dataBytes, "pushCode");
      if (!code) return false;
      const pushCode = JSON.parse(Buffer.from(dataBytes.subarray(code.start, code.end)).toString("utf8"));
      return Boolean(institutions.institutionFor(pushCode));
    } catch {
      return false;
    }
  }

  /** A message from the bus to a subscriber, `{"data":…,"signature":"…"}` as text (updates, forwarded pushes). */
  function signedMessage(data) {
    return envelope(200, data).body;
  }

  return {
    token,
    nidaRequest,
    pushRequest,
    pushBodyAllowed,
    signedMessage,
    /** `{"mode":…,"slowMs"?:…}` from /govesb/_control: `{ status, body }`. */
    setMode: (request) => control.set(request),
    mode: () => control.mode(),
    state: () => control.state(),
  };
}
