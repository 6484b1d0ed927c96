import "server-only";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { keysDir } from "@/lib/keys";
import { privateKeyFrom, publicKeyFrom } from "./envelope";

/**
 * The portal's GovESB key pair and the bus's public key. In production both come from files
 * named in the configuration. On a trial machine the portal makes its own pair in KEYS_DIR on
 * first start (the sandbox reads the public half from there, and leaves its own beside it).
 */

let portalKey: KeyObject | undefined;

export function portalPrivateKey(): KeyObject {
  if (portalKey) return portalKey;
  const config = env();
  if (config.GOVESB_PRIVATE_KEY_FILE) {
    portalKey = privateKeyFrom(fs.readFileSync(config.GOVESB_PRIVATE_KEY_FILE, "utf8"));
    return portalKey;
  }
  const dir = keysDir();
  const privatePath = path.join(dir, "govesb-portal-private.pem");
  if (!fs.existsSync(privatePath)) {
    const pair = generateKeyPairSync("ec", { namedCurve: config.GOVESB_CURVE });
    fs.writeFileSync(privatePath, pair.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    fs.writeFileSync(path.join(dir, "govesb-portal-public.pem"), pair.publicKey.export({ type: "spki", format: "pem" }));
  }
  portalKey = privateKeyFrom(fs.readFileSync(privatePath, "utf8"));
  return portalKey;
}

/** Read at each use on a trial machine: the sandbox may have started after the portal. */
export function busPublicKey(): KeyObject {
  const config = env();
  const file = config.GOVESB_BUS_PUBLIC_KEY_FILE ?? path.join(keysDir(), "govesb-bus-public.pem");
  return publicKeyFrom(fs.readFileSync(file, "utf8"));
}
