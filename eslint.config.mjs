import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/** The rule's options: every pattern a file of the block must not import. */
const restrict = (...patterns) => ["error", { patterns }];
// Each zone names both spellings of a folder: the "@/" alias and a relative path up to it.
const up = (folders) => `^(\\.\\./)+(${folders})(/|$)`;

const sandboxApart = { group: ["**/sandbox/**", "@/sandbox/**"], message: "The portal reaches the sandbox only over HTTP." };
const noDatabase = {
  regex: `^@/db(/|$)|${up("db")}`,
  message: "Call the domain's service (lib/<domain>/service.ts): the domains own the database handle.",
};
const noAdapters = {
  regex: `^@/lib/integrations(/|$)|${up("lib/integrations")}`,
  message: "Call the domain's service: only the domains call other systems.",
};
const noRoutesButTypes = {
  regex: `^@/app(/|$)|${up("app")}`,
  allowTypeImports: true,
  message: "Components never import routes (types aside): take a Server Action as a prop from the page.",
};
const noRoutesOrComponents = {
  regex: `^@/(app|components)(/|$)|${up("app|components")}`,
  message: "Routes import the domains, never the other way round.",
};
const domains = "applications|catalogue|editorial|feedback|identity|notifications|payments|security|staff|ussd";
const noDomains = {
  regex: `^@/lib/(${domains})(/|$)|${up(domains)}`,
  message: "Adapters are leaves: the domain calls the adapter, never the other way round.",
};

// The domains whose hand-offs the queue carries; who may operate it (security, staff) it may ask.
const carried = "applications|catalogue|editorial|feedback|identity|notifications|payments";
const noDomainsInQueue = {
  regex: `^@/lib/(${carried})(/|$)|${up(carried)}`,
  message: "The job queue knows no domain: wire a domain's delivery in lib/workers.ts.",
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Configuration is read and validated in one place (lib/env.ts); nowhere else in the portal.
    files: ["app/**", "components/**", "lib/**", "db/**", "proxy.ts", "instrumentation.ts"],
    ignores: ["lib/env.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts." }],
    },
  },
  // The architecture's import rules (README, "Architecture"): routes → services → adapters and the
  // database; components never import routes; the sandbox apart. ESLint keeps one set of options
  // per rule and file (the last block that matches), so every block repeats the rules above it.
  {
    files: ["app/**", "components/**", "lib/**", "db/**", "proxy.ts", "instrumentation.ts"],
    rules: { "no-restricted-imports": restrict(sandboxApart) },
  },
  {
    // Pages, layouts and route handlers (and the proxy) call the domains' services.
    files: ["app/**", "proxy.ts"],
    ignores: ["app/**/actions.ts", "**/*.test.ts"],
    rules: { "no-restricted-imports": restrict(sandboxApart, noDatabase, noAdapters) },
  },
  {
    // Server Actions, likewise: the action client (lib/actions) hands them the database.
    files: ["app/**/actions.ts"],
    rules: { "no-restricted-imports": restrict(sandboxApart, noDatabase, noAdapters) },
  },
  {
    // Components show what routes give them: no database, no adapters, and from routes only types.
    files: ["components/**"],
    rules: { "no-restricted-imports": restrict(sandboxApart, noDatabase, noAdapters, noRoutesButTypes) },
  },
  {
    // Below the routes, nothing imports upwards.
    files: ["lib/**", "db/**"],
    ignores: ["lib/integrations/**"],
    rules: { "no-restricted-imports": restrict(sandboxApart, noRoutesOrComponents) },
  },
  {
    // The job queue carries any domain's hand-offs and knows none of them: which domain delivers
    // which queue is wired in lib/workers.ts, above both.
    files: ["lib/jobs/**"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": restrict(sandboxApart, noRoutesOrComponents, noDomainsInQueue) },
  },
  {
    // Adapters are leaves: they speak to one other system and know no domain and no database.
    files: ["lib/integrations/**"],
    rules: { "no-restricted-imports": restrict(sandboxApart, noRoutesOrComponents, noDatabase, noDomains) },
  },
  globalIgnores([".next*/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
]);
