import "server-only";
import { z } from "zod";

/**
 * Every environment variable the portal reads, validated once. Nothing else reads process.env
 * (an ESLint rule enforces it), so this file is the whole list an operator has to know.
 */

const flagValues = ["true", "false", "1", "0", "yes", "no"] as const;
const isTrue = (value: string) => ["true", "1", "yes"].includes(value);
const flag = (fallback: boolean) =>
  z
    .enum(flagValues)
    .optional()
    .transform((value) => (value === undefined ? fallback : isTrue(value)));

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// connection URL");
const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * Settings of the outside systems. On a trial machine each defaults to the sandbox's value; in
 * production each must be set, since a default there would send real traffic nowhere.
 */
const sandboxDefaults = {
  GOVESB_TOKEN_URL: "http://127.0.0.1:4010/govesb/gw/govesb-uaa/oauth/token",
  GOVESB_ENGINE_URL: "http://127.0.0.1:4010/govesb/engine/esb",
  GOVESB_CLIENT_ID: "dirisha-portal",
  GOVESB_CLIENT_SECRET: "sandbox-govesb-secret",
  GOVESB_NIDA_API_CODE: "NIDA-SANDBOX-01",
  GOVESB_USER_ID: "dirisha-portal",
  EMREJESHO_PUSH_CODE: "EMREJESHO-SANDBOX-PUSH",
  EMREJESHO_UPDATES_CODE: "EMREJESHO-SANDBOX-UPDATES",
  APPLICATION_UPDATES_CODE: "APPLICATIONS-SANDBOX-UPDATES",
  MGOV_SMS_URL: "http://127.0.0.1:4010/mgov/quick_sms",
  MGOV_API_KEY: "sandbox-mgov-api-key",
  MGOV_ACCOUNT: "portal@dirisha.sandbox",
  MGOV_SERVICE_ID: "1",
  GEPG_URL: "http://127.0.0.1:4010/gepg",
  GEPG_SP_GROUP_CODE: "SPG9901",
  GEPG_SP_CODE: "SP99001",
  GEPG_SYS_CODE: "DRS001",
  GEPG_COLLECTION_CENTRE: "CC9901",
  USSD_SECRET: "sandbox-ussd-secret",
  SMS_INBOUND_SECRET: "sandbox-sms-inbound-secret",
} as const;

const schema = z
  .object({
    // "trial": one machine, embedded database, sandbox defaults. "production": everything explicit.
    DIRISHA_DEPLOYMENT: z.enum(["trial", "production"]).default("trial"),
    DATABASE_URL: postgresUrl.optional(),
    PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
    PORTAL_URL: httpUrl.default("http://localhost:3000"),
    SEED_ON_START: z.enum(flagValues).optional(),
    // The folder of catalogue data files that the seed loads.
    CATALOGUE_DATA_DIR: z.string().min(1).default("db/seed/data"),
    // The application forms that ship with the catalogue (published where a listing has none).
    FORMS_DATA_DIR: z.string().min(1).default("db/seed/forms"),
    RUN_WORKER_IN_PORTAL: flag(true),
    // How often the job queue's workers look for new jobs (pg-boss allows half a second at least).
    JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(300).default(1),
    PORTAL_CONTACT_EMAIL: z.email().optional(),
    PORTAL_CONTACT_PHONE: z
      .string()
      .regex(/^\+?[0-9 ]{9,16}$/, "must be a phone number such as +255 26 216 0000")
      .optional(),
    // GovESB, and NIDA behind it (docs/protocols/govesb-nida.md).
    GOVESB_TOKEN_URL: httpUrl.optional(),
    GOVESB_ENGINE_URL: httpUrl.optional(),
    GOVESB_CLIENT_ID: z.string().min(1).optional(),
    GOVESB_CLIENT_SECRET: z.string().min(8).optional(),
    GOVESB_NIDA_API_CODE: z.string().min(1).optional(),
    GOVESB_USER_ID: z.string().min(1).optional(),
    GOVESB_CURVE: z.enum(["secp256k1", "prime256v1"]).default("secp256k1"),
    // e-Mrejesho as a GovESB subscriber: the push code for new feedback, and the code its updates carry.
    EMREJESHO_PUSH_CODE: z.string().min(1).optional(),
    EMREJESHO_UPDATES_CODE: z.string().min(1).optional(),
    // PEM files; on a trial machine the portal's key pair is made in KEYS_DIR on first start.
    // Online applications (docs/protocols/govesb-applications.md): each institution system's GovESB
    // push code, "rita=PUSH-RITA-01,brela=PUSH-BRELA-07"; an institution without one cannot
    // publish an online form. On a trial machine the sandbox's codes for its six institutions.
    APPLICATION_PUSH_CODES: z
      .string()
      .regex(
        /^\s*[a-z0-9-]+=[A-Za-z0-9_.-]{1,100}\s*(,\s*[a-z0-9-]+=[A-Za-z0-9_.-]{1,100}\s*)*$/,
        "must read institution=PUSHCODE, comma-separated",
      )
      .optional(),
    // The push code of the status updates institutions send back through the bus.
    APPLICATION_UPDATES_CODE: z.string().min(1).optional(),
    // Where application documents' bytes are kept: "database" (the default) or "directory"
    // (DOCUMENTS_DIR, a volume every portal instance shares). docs/decisions/0010.
    DOCUMENT_STORE: z.enum(["database", "directory"]).default("database"),
    DOCUMENTS_DIR: z.string().min(1).default(".data/documents"),
    GOVESB_PRIVATE_KEY_FILE: z.string().min(1).optional(),
    GOVESB_BUS_PUBLIC_KEY_FILE: z.string().min(1).optional(),
    KEYS_DIR: z.string().min(1).default(".data/keys"),
    // Signs session cookies. On a trial machine one is made in KEYS_DIR on first start.
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(240).default(30),
    // Staff sessions end sooner when idle: an editor's laptop left open is a way into the catalogue.
    // The first administrator's account, made at start-up while there is none; its one-time
    // link is written to KEYS_DIR/first-admin-invitation.txt (never to the log).
    FIRST_ADMIN_EMAIL: z.email().default("administrator@dirisha.localhost"),
    STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(120).default(20),
    // mGov SMS gateway (quick send).
    MGOV_SMS_URL: httpUrl.optional(),
    MGOV_API_KEY: z.string().min(8, "must be the API key mGov issued (8 characters or more)").optional(),
    MGOV_ACCOUNT: z.string().min(1).optional(),
    MGOV_SENDER_ID: z.string().min(1).max(11).default("15200"),
    MGOV_SERVICE_ID: z.string().min(1).optional(),
    // GePG, API 2.0: the gateway's base address and the portal's codes as a service provider.
    GEPG_URL: httpUrl.optional(),
    GEPG_SP_GROUP_CODE: z.string().min(1).optional(),
    GEPG_SP_CODE: z.string().min(1).optional(),
    GEPG_SYS_CODE: z.string().min(1).optional(),
    GEPG_COLLECTION_CENTRE: z.string().min(1).optional(),
    // PEM files: the portal's RSA key for signing, and GePG's certificate (or public key).
    GEPG_PRIVATE_KEY_FILE: z.string().min(1).optional(),
    GEPG_PUBLIC_KEY_FILE: z.string().min(1).optional(),
    // The revenue (GFS) code for fees whose listing names none. Unset in production: such a fee
    // is then not offered for payment online, rather than billed under a wrong code.
    GEPG_DEFAULT_GFS_CODE: z
      .string()
      .regex(/^\d{8}$/, "must be an 8-digit GFS code")
      .optional(),
    // Institutions that have made the portal their GePG billing channel, each with its own SP code
    // and, optionally, the GFS code for its fees whose listing names none:
    // "nida:SP10101:14220101,necta:SP10202". Unset in production: no fee is billed here.
    GEPG_PORTAL_BILLING: z
      .string()
      .regex(
        /^\s*[a-z0-9-]+:[A-Za-z0-9]{2,20}(:\d{8})?\s*(,\s*[a-z0-9-]+:[A-Za-z0-9]{2,20}(:\d{8})?\s*)*$/,
        "must read institution:SPCODE[:GFSCODE], comma-separated",
      )
      .optional(),
    GEPG_BILL_VALID_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    // The USSD aggregator's and mGov's calls to the portal: HTTP Basic with this shared secret
    // (user "aggregator" and "mgov"), and only from these addresses (comma-separated IPs; empty:
    // any address, for trials).
    USSD_SECRET: z.string().min(16, "must be a shared secret of 16 characters or more").optional(),
    USSD_ALLOWED_ADDRESSES: z.string().default(""),
    SMS_INBOUND_SECRET: z.string().min(16, "must be a shared secret of 16 characters or more").optional(),
    SMS_INBOUND_ALLOWED_ADDRESSES: z.string().default(""),
    // "Most used" on the home page: visitors (one a day each, over 30 days) a service needs before
    // its count places it in the list or moves it up on its institution's page.
    MOST_USED_MIN_VISITORS: z.coerce.number().int().min(1).max(1_000_000).default(25),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    // GET /api/metrics (Prometheus): with this bearer token, or from these addresses (comma-separated;
    // loopback by default, a Prometheus beside the portal). Anyone else gets 403.
    METRICS_TOKEN: z.string().min(32, "must be 32 characters or more").optional(),
    METRICS_ALLOWED_ADDRESSES: z.string().default("127.0.0.1,::1"),
    // Requests one instance handles at once before it sheds load with 503 and Retry-After
    // (read by server.mjs; 0: no limit).
    MAX_REQUESTS_IN_FLIGHT: z.coerce.number().int().min(0).max(100_000).default(200),
    // Seconds an instance asked to stop (SIGTERM) goes on answering, readiness 503, before it
    // stops taking connections: the load balancer's checks take it out first (read by server.mjs).
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(120).default(5),
    // Megabytes of rendered anonymous public pages an instance keeps (read by server.mjs,
    // lib/http/page-cache.mjs; 0: every page rendered for every request).
    PAGE_CACHE_MB: z.coerce.number().int().min(0).max(16_384).default(128),
  })
  .superRefine((env, ctx) => {
    if (env.DIRISHA_DEPLOYMENT !== "production") return;
    const required = (name: keyof typeof env, why: string) => {
      if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: `is required when DIRISHA_DEPLOYMENT=production (${why})` });
    };
    required("DATABASE_URL", "the embedded database is for trials on one machine");
    required("PORTAL_CONTACT_EMAIL", "the contact page shows it");
    for (const name of Object.keys(sandboxDefaults) as (keyof typeof sandboxDefaults)[]) {
      required(name, "without it the portal would talk to the sandbox");
    }
    required("GOVESB_PRIVATE_KEY_FILE", "the portal's key for signing GovESB requests");
    required("GOVESB_BUS_PUBLIC_KEY_FILE", "GovESB's public key for checking its answers");
    required("AUTH_SECRET", "it signs citizens' session cookies");
    required("GEPG_PRIVATE_KEY_FILE", "the portal's key for signing GePG messages");
    required("GEPG_PUBLIC_KEY_FILE", "GePG's certificate for checking its messages");
    for (const name of ["PORTAL_URL", "GOVESB_TOKEN_URL", "GOVESB_ENGINE_URL", "MGOV_SMS_URL", "GEPG_URL"] as const) {
      if (env[name]?.startsWith("http://")) {
        ctx.addIssue({ code: "custom", path: [name], message: "must be an https:// URL in production" });
      }
    }
  })
  .transform((env) => {
    const trial = env.DIRISHA_DEPLOYMENT === "trial";
    return {
      ...env,
      PORTAL_URL: env.PORTAL_URL.replace(/\/+$/, ""),
      // Seeding an empty catalogue at start-up is the trial default; production loads data on purpose.
      SEED_ON_START: env.SEED_ON_START === undefined ? trial : isTrue(env.SEED_ON_START),
      GOVESB_TOKEN_URL: env.GOVESB_TOKEN_URL ?? sandboxDefaults.GOVESB_TOKEN_URL,
      GOVESB_ENGINE_URL: (env.GOVESB_ENGINE_URL ?? sandboxDefaults.GOVESB_ENGINE_URL).replace(/\/+$/, ""),
      GOVESB_CLIENT_ID: env.GOVESB_CLIENT_ID ?? sandboxDefaults.GOVESB_CLIENT_ID,
      GOVESB_CLIENT_SECRET: env.GOVESB_CLIENT_SECRET ?? sandboxDefaults.GOVESB_CLIENT_SECRET,
      GOVESB_NIDA_API_CODE: env.GOVESB_NIDA_API_CODE ?? sandboxDefaults.GOVESB_NIDA_API_CODE,
      GOVESB_USER_ID: env.GOVESB_USER_ID ?? sandboxDefaults.GOVESB_USER_ID,
      EMREJESHO_PUSH_CODE: env.EMREJESHO_PUSH_CODE ?? sandboxDefaults.EMREJESHO_PUSH_CODE,
      EMREJESHO_UPDATES_CODE: env.EMREJESHO_UPDATES_CODE ?? sandboxDefaults.EMREJESHO_UPDATES_CODE,
      APPLICATION_UPDATES_CODE: env.APPLICATION_UPDATES_CODE ?? sandboxDefaults.APPLICATION_UPDATES_CODE,
      APPLICATION_PUSH_CODES: pushCodes(
        env.APPLICATION_PUSH_CODES ??
          (trial ? TRIAL_APPLICATION_INSTITUTIONS.map((slug) => `${slug}=APPLICATIONS-SANDBOX-${slug.toUpperCase()}`).join(",") : ""),
      ),
      MGOV_SMS_URL: env.MGOV_SMS_URL ?? sandboxDefaults.MGOV_SMS_URL,
      MGOV_API_KEY: env.MGOV_API_KEY ?? sandboxDefaults.MGOV_API_KEY,
      MGOV_ACCOUNT: env.MGOV_ACCOUNT ?? sandboxDefaults.MGOV_ACCOUNT,
      MGOV_SERVICE_ID: env.MGOV_SERVICE_ID ?? sandboxDefaults.MGOV_SERVICE_ID,
      GEPG_URL: (env.GEPG_URL ?? sandboxDefaults.GEPG_URL).replace(/\/+$/, ""),
      GEPG_SP_GROUP_CODE: env.GEPG_SP_GROUP_CODE ?? sandboxDefaults.GEPG_SP_GROUP_CODE,
      GEPG_SP_CODE: env.GEPG_SP_CODE ?? sandboxDefaults.GEPG_SP_CODE,
      GEPG_SYS_CODE: env.GEPG_SYS_CODE ?? sandboxDefaults.GEPG_SYS_CODE,
      GEPG_COLLECTION_CENTRE: env.GEPG_COLLECTION_CENTRE ?? sandboxDefaults.GEPG_COLLECTION_CENTRE,
      USSD_SECRET: env.USSD_SECRET ?? sandboxDefaults.USSD_SECRET,
      SMS_INBOUND_SECRET: env.SMS_INBOUND_SECRET ?? sandboxDefaults.SMS_INBOUND_SECRET,
      // On a trial machine the sandbox accepts any code; this one is marked as the sandbox's.
      GEPG_DEFAULT_GFS_CODE: env.GEPG_DEFAULT_GFS_CODE ?? (trial ? "99999999" : undefined),
      // On a trial machine a few institutions bill through the portal, under the sandbox's SP code,
      // so that paying stays demonstrable; every other institution behaves as in production.
      GEPG_PORTAL_BILLING: portalBilling(
        env.GEPG_PORTAL_BILLING ?? (trial ? TRIAL_PORTAL_BILLING.map((slug) => `${slug}:${sandboxDefaults.GEPG_SP_CODE}`).join(",") : ""),
      ),
    };
  });

/** The institutions a trial machine bills for through the portal (the sandbox plays GePG). */
export const TRIAL_PORTAL_BILLING = ["nida", "necta", "latra"] as const;

/** The institutions whose systems take applications on a trial machine (the sandbox plays them). */
export const TRIAL_APPLICATION_INSTITUTIONS = ["rita", "brela", "tpf", "nida", "tra", "heslb"] as const;

function pushCodes(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => entry.split("=") as [string, string]),
  );
}

export type PortalBilling = Record<string, { spCode: string; gfsCode: string | null }>;

function portalBilling(text: string): PortalBilling {
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [slug, spCode, gfsCode] = entry.split(":");
      return [slug!, { spCode: spCode!, gfsCode: gfsCode ?? null }] as const;
    });
  return Object.fromEntries(entries);
}

export type Env = z.infer<typeof schema>;

export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

/** Parses a set of variables; the error names every bad variable and never echoes its value. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty string in a .env file means "not set".
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(environment)"}: ${issue.message}`);
  throw new ConfigurationError(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example for every variable.`);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** True while `next build` runs: nothing may open the database then (pages render at request time). */
export function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === "phase-production-build";
}
