import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * GovESB keys in the keys folder (gitignored `.data/keys/` by default), PEM files shared with the
 * portal as in docs/protocols/govesb-nida.md:
 *   govesb-bus-private.pem (PKCS#8) and govesb-bus-public.pem (SPKI): the sandbox bus's, created
 *   here on first start;
 *   govesb-portal-public.pem: the portal's public key, written by the portal, read at request time.
 */
export const BUS_PRIVATE_FILE = "govesb-bus-private.pem";
export const BUS_PUBLIC_FILE = "govesb-bus-public.pem";
export const PORTAL_PUBLIC_FILE = "govesb-portal-public.pem";
export const CURVES = ["secp256k1", "prime256v1"];

function checkCurve(curve) {
  if (!CURVES.includes(curve)) {
    throw new Error(`GovESB curve "${curve}" is not supported: use one of ${CURVES.join(", ")} (SANDBOX_GOVESB_CURVE)`);
  }
}

/** A KeyObject from a KeyObject or a PEM string/Buffer. */
function asKey(value, kind) {
  if (value === undefined || value === null) return null;
  if (typeof value === "object" && value.type !== undefined && typeof value.export === "function") return value;
  return kind === "private" ? createPrivateKey(value) : createPublicKey(value);
}

/**
 * Loads the bus key pair from `dir`, or creates it there (and the folder) when missing.
 * A second process starting at the same time reads the file the first one wrote.
 */
export function loadOrCreateBusKeys(dir, curve) {
  checkCurve(curve);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privatePath = path.join(dir, BUS_PRIVATE_FILE);
  const publicPath = path.join(dir, BUS_PUBLIC_FILE);
  let created = false;
  if (!fs.existsSync(privatePath)) {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: curve });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" });
    try {
      fs.writeFileSync(privatePath, pem, { flag: "wx", mode: 0o600 });
      created = true;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
  }
  const privateKey = createPrivateKey(fs.readFileSync(privatePath));
  const actual = privateKey.asymmetricKeyType === "ec" ? privateKey.asymmetricKeyDetails?.namedCurve : privateKey.asymmetricKeyType;
  if (actual !== curve) {
    throw new Error(
      `The bus key ${privatePath} is on curve ${actual}, but the configured curve is ${curve}: ` +
        `delete ${BUS_PRIVATE_FILE} and ${BUS_PUBLIC_FILE} to make new ones, or set SANDBOX_GOVESB_CURVE=${actual}`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  const publicPem = publicKey.export({ type: "spki", format: "pem" });
  // Written again when missing or not the private key's pair (e.g. left over from an older pair).
  if (!fs.existsSync(publicPath) || fs.readFileSync(publicPath, "utf8") !== publicPem) {
    const temp = `${publicPath}.${process.pid}.tmp`;
    fs.writeFileSync(temp, publicPem, { mode: 0o644 });
    fs.renameSync(temp, publicPath);
  }
  return { privateKey, publicKey, created, privatePath, publicPath };
}

/** The portal's public key, read now; `{ error }` saying what to do when it is missing or unreadable. */
export function readPortalPublicKey(dir) {
  const file = path.join(dir, PORTAL_PUBLIC_FILE);
  let pem;
  try {
    pem = fs.readFileSync(file);
  } catch (error) {
    if (error.code === "ENOENT") {
      return { error: `The portal's public key ${file} is missing: start the portal once so that it writes it` };
    }
    return { error: `The portal's public key ${file} cannot be read (${error.code ?? error.message})` };
  }
  try {
    return { key: createPublicKey(pem) };
  } catch {
    return { error: `The portal's public key ${file} is not an SPKI PEM public key` };
  }
}

/**
 * Where the bus finds its keys. `keys` (for tests) may give `busPrivateKey` (and optionally
 * `busPublicKey`) and/or `portalPublicKey` as KeyObjects or PEM; what it does not give comes
 * from `dir`. The bus key pair is loaded (or created) on first use; the portal's key on every use.
 */
export function createKeyStore({ dir, curve, keys = {} }) {
  checkCurve(curve);
  const givenPrivate = asKey(keys.busPrivateKey, "private");
  const givenPublic = asKey(keys.busPublicKey, "public") ?? (givenPrivate ? createPublicKey(givenPrivate) : null);
  const givenPortal = asKey(keys.portalPublicKey, "public");
  let bus = givenPrivate ? { privateKey: givenPrivate, publicKey: givenPublic } : null;

  return {
    bus() {
      if (!bus) {
        const loaded = loadOrCreateBusKeys(dir, curve);
        bus = { privateKey: loaded.privateKey, publicKey: loaded.publicKey };
      }
      return bus;
    },
    portalPublicKey() {
      return givenPortal ? { key: givenPortal } : readPortalPublicKey(dir);
    },
  };
}
