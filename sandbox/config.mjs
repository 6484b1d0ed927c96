import path from "node:path";

// Where GePG posts to the portal (the SP's callbacks): control numbers, payments, reconciliation.
const portalGepgUrl = (process.env.SANDBOX_PORTAL_GEPG_URL ?? "http://127.0.0.1:3000/api/gepg").replace(/\/+$/, "");

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
    // How long quick_sms waits in the "slow" test mode, unless /mgov/_control says otherwise.
    slowMs: 12_000,
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
    // How long the engine waits before answering in the "slow" test mode: past the portal's 8 s
    // timeout, so that a slow bus is always a timed-out one (/govesb/_control may set another).
    slowMs: 12_000,
    // The push code the bus routes to e-Mrejesho (push-request); the portal's data.pushCode must equal it.
    emrejeshoPushCode: process.env.SANDBOX_EMREJESHO_PUSH_CODE ?? "EMREJESHO-SANDBOX-PUSH",
    // Larger request bodies get 413 (nida-request and the token endpoint).
    maxBody: 64 * 1024,
    // push-request carries attachments (up to 2 MB, about 2.7 MB in base64): larger bodies get 413.
    pushMaxBody: 4 * 1024 * 1024,
    // A push to an institution's applications code (applications.pushCodePrefix) may be larger: an
    // application carries up to 10 documents, 20 MB in all (about 27 MB in base64), beside its
    // answers (docs/protocols/govesb-applications.md). Only those pushes may go past pushMaxBody, up to this; larger bodies get 413.
    applicationPushMaxBody: 32 * 1024 * 1024,
  },
  emrejesho: {
    // Where the bus pushes e-Mrejesho's updates (the portal as a GovESB subscriber).
    portalUrl: process.env.SANDBOX_PORTAL_EMREJESHO_URL ?? "http://127.0.0.1:3000/api/govesb/emrejesho",
    // The push code the updates carry (data.pushCode); the portal's EMREJESHO_UPDATES_CODE.
    updatesCode: process.env.SANDBOX_EMREJESHO_UPDATES_CODE ?? "EMREJESHO-SANDBOX-UPDATES",
    // A new submission is acknowledged this long after it is accepted.
    acknowledgeDelayMs: 300,
    // Delivery of an update: retried until the portal answers 200, waiting 1 s, 2 s, 4 s… (at
    // most 30 s) between tries, given up after 20 tries; each try times out after 10 s.
    retryBaseMs: 1000,
    retryMaxMs: 30_000,
    maxAttempts: 20,
    attemptTimeoutMs: 10_000,
    // Largest attachment, decoded.
    maxAttachmentBytes: 2 * 1024 * 1024,
    // How many submissions are kept (with their attachments, in memory); the oldest go first.
    maxSubmissions: 500,
  },
  applications: {
    // Institution systems behind the bus that take applications (docs/protocols/govesb-applications.md):
    // each is the subscriber of push code <pushCodePrefix><SLUG> (upper case), e.g. APPLICATIONS-SANDBOX-RITA.
    pushCodePrefix: "APPLICATIONS-SANDBOX-",
    institutions: ["rita", "brela", "tpf", "nida", "tra", "heslb"],
    // Where the bus pushes their status updates (the portal as a GovESB subscriber).
    portalUrl: process.env.SANDBOX_PORTAL_APPLICATIONS_URL ?? "http://127.0.0.1:3000/api/govesb/applications",
    // The push code the updates carry (data.pushCode); the portal's APPLICATION_UPDATES_CODE.
    updatesCode: process.env.SANDBOX_APPLICATIONS_UPDATES_CODE ?? "APPLICATIONS-SANDBOX-UPDATES",
    // Benchmarks and CI smoke tests: every new application is answered with a RECEIVED update at
    // once, with no tester at the page (SANDBOX_APPLICATIONS_AUTO=1). Off by default.
    autoReceive: ["1", "true", "yes", "on"].includes(String(process.env.SANDBOX_APPLICATIONS_AUTO ?? "").toLowerCase()),
    // Delivery of an update, as e-Mrejesho's: retried until the portal answers 200, waiting 1 s,
    // 2 s, 4 s… (at most 30 s) between tries, given up after 20 tries; each try times out after 10 s.
    retryBaseMs: 1000,
    retryMaxMs: 30_000,
    maxAttempts: 20,
    attemptTimeoutMs: 10_000,
    // A document's largest size, decoded (the portal's own limit), and how many one application
    // (or one information reply) may carry.
    maxDocumentBytes: 5 * 1024 * 1024,
    maxDocuments: 10,
    // How many applications are kept in memory, with their documents, and how many documents'
    // bytes at most: past either, the oldest applications go first.
    maxApplications: 500,
    maxStoredBytes: 256 * 1024 * 1024,
    // The tester page shows this many applications, newest first (/institutions.json has them all).
    pageSize: 50,
  },
  ussd: {
    // The portal's USSD endpoint, called as an aggregator calls it (the USSD phone page).
    portalUrl: process.env.SANDBOX_PORTAL_USSD_URL ?? "http://127.0.0.1:3000/api/ussd",
    // Basic auth password; the user is always `aggregator`.
    secret: process.env.SANDBOX_USSD_SECRET ?? "sandbox-ussd-secret",
    serviceCode: "*152*00#",
    // A step the portal has not answered by then fails, as at a real gateway (the session ends).
    timeoutMs: 20000,
  },
  smsInbound: {
    // Where mGov forwards the SMS citizens send to the short code (the SMS page).
    portalUrl: process.env.SANDBOX_PORTAL_SMS_URL ?? "http://127.0.0.1:3000/api/sms/inbound",
    // Basic auth password; the user is always `mgov`.
    secret: process.env.SANDBOX_SMS_INBOUND_SECRET ?? "sandbox-sms-inbound-secret",
    shortCode: "15200",
    // The portal answers at once (its reply goes out later by SMS); past this the page says so.
    timeoutMs: 20000,
  },
  nida: {
    // A question session left unfinished is forgotten after this long.
    sessionMinutes: 15,
    // How long NIDA takes to answer in the "slow" test mode, unless /nida/_control says otherwise:
    // past the portal's 8 s timeout.
    slowMs: 12_000,
  },
  gepg: {
    // The portal's SP group code: its Gepg-Code header and SpGrpCode must equal it.
    spGroupCode: process.env.SANDBOX_GEPG_SP_GROUP_CODE ?? "SPG9901",
    // The portal's public key (SPKI PEM, or an X.509 certificate in PEM); when unset,
    // gepg-sp-public.pem in the keys folder, written by the portal. Read at every request.
    spPublicKeyFile: process.env.SANDBOX_GEPG_SP_PUBLIC_KEY_FILE || undefined,
    // The SP's callback URLs (SANDBOX_PORTAL_GEPG_URL is their common base).
    controlNumberUrl: `${portalGepgUrl}/control-number`,
    paymentUrl: `${portalGepgUrl}/payment`,
    reconciliationUrl: `${portalGepgUrl}/reconciliation`,
    // The control number (billSubRes) and the reconciliation records (sucSpPmtRes) follow the
    // synchronous acknowledgement after these delays, as the real gateway's do.
    controlNumberDelayMs: 500,
    reconciliationDelayMs: 500,
    // Every callback is retried until the portal answers 200 with its signed acknowledgement
    // carrying 7101: 1 s, 2 s, 4 s… (at most 30 s) apart, given up after 20 tries, each try
    // timing out after 10 s.
    retryBaseMs: 1000,
    retryMaxMs: 30_000,
    maxAttempts: 20,
    attemptTimeoutMs: 10_000,
    // How long requests wait in the "slow" test mode, unless /gepg/_control says otherwise.
    slowMs: 12_000,
    // Larger request bodies get 413.
    maxBody: 256 * 1024,
    // How many bills are kept (the oldest go first, with their control numbers).
    maxBills: 1000,
  },
};
