import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The import rules of eslint.config.mjs, on snippets linted as if they were files of the portal:
 * each forbidden import fails the lint, and the allowed ones next to it pass.
 */

const eslint = new ESLint({ cwd: import.meta.dirname });

/** The import rule's complaints about `code` in a file at `filePath` (which need not exist). */
async function breaches(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const page = "app/[locale]/(public)/example/page.tsx";

describe("the architecture's import rules", () => {
  it("keep the database and the adapters out of pages, layouts, route handlers and the proxy", async () => {
    for (const file of [page, "app/[locale]/layout.tsx", "app/api/example/route.ts", "proxy.ts"]) {
      for (const forbidden of [
        'import { getDb } from "@/db";',
        'import { bills } from "@/db/schema";',
        'import { getDb } from "../../../db";',
        'import { configuredNida } from "@/lib/integrations/nida/config";',
      ]) {
        expect(await breaches(file, forbidden), `${file}: ${forbidden}`).toHaveLength(1);
      }
      expect(await breaches(file, 'import { billOfCitizen } from "@/lib/payments/service";'), file).toEqual([]);
    }
    expect((await breaches(page, 'import { getDb } from "@/db";'))[0]).toMatch(/service/);
  });

  it("hold a new Server Action to the same rule", async () => {
    const action = "app/[locale]/(public)/example/actions.ts";
    expect(await breaches(action, 'import { getDb } from "@/db";')).toHaveLength(1);
    expect(await breaches(action, 'import { feedbackByReference } from "@/lib/feedback/service";')).toEqual([]);
  });

  it("let components import types from routes, never the routes themselves, the database or the adapters", async () => {
    const component = "components/Example.tsx";
    expect(await breaches(component, 'import { payFeeAction } from "@/app/[locale]/(account)/payments/actions";')).toHaveLength(1);
    expect(await breaches(component, 'import type { FeedbackFormState } from "@/app/[locale]/(public)/feedback/actions";')).toEqual([]);
    expect(await breaches(component, 'import { getDb } from "@/db";')).toHaveLength(1);
    expect(await breaches(component, 'import { sendSms } from "@/lib/integrations/mgov/sms";')).toHaveLength(1);
    expect(await breaches(component, 'import { formatAmount } from "@/lib/catalogue/format";')).toEqual([]);
  });

  it("keep the job queue free of the domains it carries", async () => {
    const queueFile = "lib/jobs/example.ts";
    expect((await breaches(queueFile, 'import { deliverBill } from "@/lib/payments/bills";'))[0]).toMatch(/lib\/workers\.ts/);
    expect(await breaches(queueFile, 'import { smsJob } from "../notifications/sms";')).toHaveLength(1);
    expect(await breaches(queueFile, 'import { log } from "@/lib/log";')).toEqual([]);
    expect(await breaches("lib/workers.ts", 'import { deliverBill } from "@/lib/payments/bills";')).toEqual([]);
  });

  it("keep the adapters leaves: no domain, no database", async () => {
    const adapter = "lib/integrations/example/client.ts";
    for (const forbidden of [
      'import { bills } from "@/lib/payments/bills";',
      'import { can } from "../../security/permissions";',
      'import { getDb } from "@/db";',
    ]) {
      expect(await breaches(adapter, forbidden), forbidden).toHaveLength(1);
    }
    for (const allowed of [
      'import { env } from "@/lib/env";',
      'import { engineRequest } from "@/lib/integrations/govesb/client";',
      'import { rawMember } from "../govesb/raw-json";',
    ]) {
      expect(await breaches(adapter, allowed), allowed).toEqual([]);
    }
  });

  it("let nothing below the routes import them, and nothing in the portal import the sandbox", async () => {
    expect(await breaches("lib/payments/example.ts", 'import { PayFees } from "@/components/PayFees";')).toHaveLength(1);
    expect(await breaches("db/example.ts", 'import { GET } from "@/app/api/health/route";')).toHaveLength(1);
    expect(await breaches("lib/payments/example.ts", 'import { startSandbox } from "@/sandbox/server.mjs";')).toHaveLength(1);
    expect(await breaches("lib/payments/example.ts", 'import { getDb } from "@/db";')).toEqual([]);
  });
});
