import "server-only";
import { countOutsideError } from "@/lib/metrics";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { keysDir } from "@/lib/keys";
import { gepgRequestHeaders, openGepgMessage, rsaPrivateKeyFrom, rsaPublicKeyFrom, sealGepgMessage, type OpenedMessage } from "./signature";

/**
 * The portal's side of GePG's transport: its RSA key, GePG's public key, and signed requests.
 * In production both keys come from files named in the configuration; on a trial machine the
 * portal makes its pair in KEYS_DIR on first start (the sandbox reads gepg-sp-public.pem there
 * and leaves its own gepg-public.pem beside it).
 */

let portalKey: KeyObject | undefined;

export function gepgPortalKey(): KeyObject {
  if (portalKey) return portalKey;
  const config = env();
  if (config.GEPG_PRIVATE_KEY_FILE) {
    portalKey = rsaPrivateKeyFrom(fs.readFileSync(config.GEPG_PRIVATE_KEY_FILE, "utf8"));
    return portalKey;
  }
  const dir = keysDir();
  const privatePath = path.join(dir, "gepg-sp-private.pem");
  if (!fs.existsSync(privatePath)) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    fs.writeFileSync(privatePath, pair.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    fs.writeFileSync(path.join(dir, "gepg-sp-public.pem"), pair.publicKey.export({ type: "spki", format: "pem" }));
  }
  portalKey = rsaPrivateKeyFrom(fs.readFileSync(privatePath, "utf8"));
  return portalKey;
}

/** Read at each use on a trial machine: the sandbox may start after the portal. */
export function gepgPublicKey(): KeyObject {
  const config = env();
  return rsaPublicKeyFrom(fs.readFileSync(config.GEPG_PUBLIC_KEY_FILE ?? path.join(keysDir(), "gepg-public.pem"), "utf8"));
}

export class GepgUnavailable extends Error {
  override name = "GepgUnavailable";
}

/**
 * Posts a signed request and opens GePG's signed answer. A network failure, a timeout or an
 * HTTP error is GepgUnavailable (try again later); an answer that does not verify is thrown as
 * GepgSignatureError by openGepgMessage.
 */
export async function postToGepg(pathName: string, content: string, expected: string, timeoutMs = 15_000): Promise<OpenedMessage> {
  const config = env();
  let response: Response;
  try {
    response = await fetch(`${config.GEPG_URL}${pathName}`, {
      method: "POST",
      headers: gepgRequestHeaders(config.GEPG_SP_GROUP_CODE),
      body: sealGepgMessage(content, gepgPortalKey()),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    countOutsideError("gepg");
    throw new GepgUnavailable(error instanceof Error ? error.name : "network error");
  }
  if (!response.ok) {
    countOutsideError("gepg");
    throw new GepgUnavailable(`HTTP ${response.status}`);
  }
  const body = new Uint8Array(await response.arrayBuffer());
  return openGepgMessage(body, gepgPublicKey(), expected);
}
