import { z } from "zod";

/**
 * Every environment variable the portal reads, validated once. Nothing else reads process.env
 * (an ESLint rule enforces it), so this file is the whole list an operator has to know.
 */

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .optional()
    .transform((value) => (value === undefined ? fallback : ["true", "1", "yes"].includes(value)));

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// connection URL");

const schema = z
  .object({
    // "trial": one machine, embedded database, sandbox defaults. "production": everything explicit.
    DIRISHA_DEPLOYMENT: z.enum(["trial", "production"]).default("trial"),
    DATABASE_URL: postgresUrl.optional(),
    PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
    PORTAL_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:3000"),
    SEED_ON_START: z.enum(["true", "false", "1", "0", "yes", "no"]).optional(),
    RUN_WORKER_IN_PORTAL: flag(true),
    PORTAL_CONTACT_EMAIL: z.email().optional(),
    PORTAL_CONTACT_PHONE: z
      .string()
      .regex(/^\+?[0-9 ]{9,16}$/, "must be a phone number such as +255 26 216 0000")
      .optional(),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.DIRISHA_DEPLOYMENT === "production" && !env.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_URL"],
        message: "is required when DIRISHA_DEPLOYMENT=production (the embedded database is for trials on one machine)",
      });
    }
    if (env.DIRISHA_DEPLOYMENT === "production" && !env.PORTAL_CONTACT_EMAIL) {
      ctx.addIssue({
        code: "custom",
        path: ["PORTAL_CONTACT_EMAIL"],
        message: "is required when DIRISHA_DEPLOYMENT=production (the contact page shows it)",
      });
    }
    if (env.DIRISHA_DEPLOYMENT === "production" && env.PORTAL_URL.startsWith("http://")) {
      ctx.addIssue({ code: "custom", path: ["PORTAL_URL"], message: "must be an https:// URL in production" });
    }
  })
  .transform((env) => ({
    ...env,
    PORTAL_URL: env.PORTAL_URL.replace(/\/+$/, ""),
    // Seeding an empty catalogue at start-up is the trial default; production loads data on purpose.
    SEED_ON_START:
      env.SEED_ON_START === undefined
        ? env.DIRISHA_DEPLOYMENT === "trial"
        : ["true", "1", "yes"].includes(env.SEED_ON_START),
  }));

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
