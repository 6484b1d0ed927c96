import { describe, vi } from "vitest";
import { testEngines } from "@/testing/database";
import { fuzzContext, removeKeysAfterAll } from "./context";
import { authRoutes } from "./suites/auth-routes";
import { gepgCallbacks } from "./suites/callbacks-gepg";
import { govesbPushes } from "./suites/callbacks-govesb";
import { citizenActions } from "./suites/citizen-actions";
import { featurePhones } from "./suites/feature-phones";
import { getRoutes } from "./suites/routes";
import { staffActions } from "./suites/staff-actions";

/*
 * Issue 21, "Hostile input": every Server Action and every route fuzzed with fast-check, FUZZ_RUNS
 * cases each (30 by default; `npm run test:fuzz` runs thousands and prints the figures). One file
 * with one database per engine for all the suites, since an embedded database takes seconds to
 * start. Only the request is replaced: next/headers, who is calling (the session modules' current
 * caller; next-auth's own handlers stay real), and the process's database; the action client,
 * schemas, routes, domains and database are the real ones. What every target must do is said at
 * the top of each suite (suites/*.ts) and, for all actions, in requests.ts.
 */

vi.mock("@/db", async (original) => ({ ...(await original<typeof import("@/db")>()), ...(await import("./context")).databaseModule }));
vi.mock("next/headers", async () => (await import("./requests")).nextHeaders);
vi.mock("@/lib/identity/auth", async (original) => ({ ...(await original<object>()), ...(await import("./requests")).citizenAuth }));
vi.mock("@/lib/staff/auth", async (original) => ({ ...(await original<object>()), ...(await import("./requests")).staffAuth }));

removeKeysAfterAll();

// FUZZ_ENGINE runs one engine only (scripts/fuzz.mjs runs the two side by side).
const engines = testEngines().filter((engine) => !process.env.FUZZ_ENGINE || engine.name === process.env.FUZZ_ENGINE);

describe.each(engines)("hostile input on $name", ({ name, open }) => {
  const context = fuzzContext(name, open);
  describe("citizens' actions", () => citizenActions(context));
  describe("the editorial area's actions", () => staffActions(context));
  describe("GePG's callbacks", () => gepgCallbacks(context));
  describe("GovESB's pushes", () => govesbPushes(context));
  describe("the feature-phone channels", () => featurePhones(context));
  describe("routes that answer GET", () => getRoutes(context));
  describe("next-auth's routes", () => authRoutes(context));
});
