import path from "node:path";

// The sandbox's own settings. It shares no code with the portal: each side keeps its own copy
// of every protocol, so that a mistake in one cannot hide behind shared code.
export const config = {
  port: Number(process.env.SANDBOX_PORT ?? 4010),
  host: process.env.SANDBOX_HOST ?? "127.0.0.1",
  // Where the GovESB keys live (gitignored): the bus's pair, created on first start, and the
  // portal's public key, written by the portal. See keys.mjs.
  keysDir: path.resolve(process.env.SANDBOX_KEYS_DIR ?? ".data/keys"),
  mgov: {
    // The API key and account the sandbox expects from the portal (X-Auth-Request-Id).
    apiKey: process.env.SANDBOX_MGOV_API_KEY ?? "sandbox-mgov-api-key",
    account: process.env.SANDBOX_MGOV_ACCOUNT ?? "portal@dirisha.sandbox",
    // How many messages the phone inbox keeps (the oldest go first).
    inboxSize: 1000,
  },
  govesb: {
    // The OAuth client the bus expects from the portal (Basic auth and form fields).
    clientId: process.env.SANDBOX_GOVESB_CLIENT_ID ?? "dirisha-portal",
    clientSecret: process.env.SANDBOX_GOVESB_CLIENT_SECRET ?? "sandbox-govesb-secret",
    // ECDSA curve of the bus's key pair: secp256k1 (official Java connector) or prime256v1.
    curve: process.env.SANDBOX_GOVESB_CURVE ?? "secp256k1",
    // The API code the bus routes to NIDA; the portal's data.apiCode must equal it.
    nidaApiCode: process.env.SANDBOX_NIDA_API_CODE ?? "NIDA-SANDBOX-01",
    tokenLifetimeSeconds: 3600,
    // How long the engine waits before answering in the "slow" test mode.
    slowMs: 8000,
    // Larger request bodies get 413.
    maxBody: 64 * 1024,
  },
  nida: {
    // A question session left unfinished is forgotten after this long.
    sessionMinutes: 15,
  },
};
