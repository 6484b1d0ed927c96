import fc from "fast-check";
import { beforeAll, it } from "vitest";
import { SCREEN_LIMIT, toGsm } from "@/lib/ussd/gsm";
import type { TestDatabase } from "@/testing/database";
import type { FuzzContext } from "../context";
import { contentTypes, invalidUtf8, post, tenMegabytes } from "../bodies";
import { fuzz, fuzzTimeout, hostileText, loggedErrors, mostly, shown, writeWatch } from "../harness";
import { ROUTES } from "../targets";

/*
 * The feature-phone channels (issue 21, "Hostile input"): the USSD aggregator's steps and mGov's
 * forwarded SMS, fuzzed at their routes with forms of hostile values (control and bidi
 * characters, percent-escapes that are not UTF-8, markup, huge values), bodies that are not forms,
 * 10 MB, wrong content types, and callers with the wrong secret, from the wrong address or with
 * none. Properties: a USSD step that is let in always gets a screen a phone can draw ("CON " or
 * "END ", GSM-7, at most 182 characters); everything else a plain 4xx; an SMS gets 200 with what
 * was done, or a 4xx; never a 500, never an error logged; a refusal writes nothing.
 */

const AGGREGATOR = "198.51.100.7";
process.env.USSD_ALLOWED_ADDRESSES = AGGREGATOR;
process.env.SMS_INBOUND_ALLOWED_ADDRESSES = AGGREGATOR;

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString("base64")}`;

/** Who calls: the system with its secret from its address, mostly; else a wrong secret, another address, nothing. */
const caller = (user: string, secret: string) =>
  fc.record({
    authorization: fc.oneof(
      { weight: 8, arbitrary: fc.constant(basic(`${user}:${secret}`)) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(undefined, "Bearer x", "Basic", "Basic !!!", basic(`${user}:wrong`), basic(`other:${secret}`)),
      },
      { weight: 1, arbitrary: hostileText.map((text) => basic(`${user}:${text.slice(0, 200)}`)) },
    ),
    address: fc.oneof(
      { weight: 8, arbitrary: fc.constant(AGGREGATOR) },
      { weight: 1, arbitrary: fc.constantFrom(undefined, "203.0.113.9", `::ffff:${AGGREGATOR}`, "not an address") },
    ),
  });

/** A form body: fields from plausible and hostile values, as URLSearchParams writes them; or raw percent-escapes, or not a form. */
function formBody(fields: Record<string, fc.Arbitrary<string>>) {
  const form = fc
    .record(Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, fc.option(value, { freq: 12 })])))
    .map((values) => {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(values)) if (value !== null) params.set(name, value);
      return params.toString();
    });
  return fc.oneof(
    { weight: 8, arbitrary: form },
    // Percent-escapes that are not UTF-8, a NUL, a lone surrogate encoded: decoded to "�" or dropped, never a fault.
    {
      weight: 1,
      arbitrary: fc
        .tuple(form, fc.constantFrom("%FF", "%00", "%C0%AF", "%ED%A0%80", "%", "%zz", "&&&=", "text=%E2%80%AE"))
        .map(([body, bad]) => `${body}&text=${bad}${bad}`),
    },
    { weight: 1, arbitrary: fc.oneof(invalidUtf8, hostileText, fc.uint8Array({ maxLength: 1024 })) },
  );
}

type Case = {
  who: { authorization?: string; address?: string };
  body: string | Uint8Array;
  type: string | undefined;
  streamed: boolean;
  huge: boolean;
};

export function featurePhones(context: FuzzContext): void {
  const { engine } = context;
  let database: TestDatabase;
  beforeAll(async () => {
    database = context.database();
  });

  const sessions = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("ATUid_1", "ATUid_2", "ATUid_3") },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: hostileText },
  );
  // Mostly a phone of its own, so that the limits per phone rarely hide what is behind them.
  const phones = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 10_000_000, max: 99_999_999 }).map((n) => `+2557${n}`) },
    { weight: 1, arbitrary: mostly("+255712345678", "0712345678", "+255 712 345 678") },
  );
  const targets = {
    "app/api/ussd/route.ts": {
      user: "aggregator",
      secret: "sandbox-ussd-secret",
      body: formBody({
        sessionId: sessions,
        serviceCode: mostly("*152*00#"),
        phoneNumber: phones,
        text: mostly("", "1", "1*1", "1*2*3", "2*cheti", "3*pasipoti", "9", "0", "00", "1*0*0*0", "*", "1**2", "4*2*1*1"),
      }),
      check(status: number, text: string) {
        if (status === 200) {
          if (!/^(CON|END) /.test(text)) throw new Error(`a screen without CON or END: ${shown(text)}`);
          const screen = text.slice(4);
          if (screen.length > SCREEN_LIMIT) throw new Error(`a screen of ${screen.length} characters`);
          if (toGsm(screen) !== screen) throw new Error(`a screen a phone cannot draw: ${shown(screen)}`);
        } else if (![400, 401, 403, 413].includes(status)) throw new Error(`status ${status}: ${shown(text)}`);
        return status === 200 ? text.slice(0, 3) : String(status);
      },
    },
    "app/api/sms/inbound/route.ts": {
      user: "mgov",
      secret: "sandbox-sms-inbound-secret",
      body: formBody({
        from: phones,
        to: mostly("15200"),
        text: mostly("HUDUMA pasipoti", "msaada", "help", "cheti cha kuzaliwa", "EN birth certificate", ""),
        messageId: fc.oneof({ weight: 4, arbitrary: fc.uuid() }, { weight: 1, arbitrary: mostly("m-1") }),
      }),
      check(status: number, text: string) {
        if (status === 200 && !["answered", "limited", "ignored"].includes(text)) throw new Error(`answered ${shown(text)}`);
        if (status !== 200 && ![400, 401, 403, 413].includes(status)) throw new Error(`status ${status}: ${shown(text)}`);
        return status === 200 ? text : String(status);
      },
    },
  };

  it.each(Object.keys(ROUTES["feature-phones"]))(
    "%s",
    async (file) => {
      const target = targets[file as keyof typeof targets];
      const route = (await import(`@/${file.replace(/\.ts$/, "")}`)).POST as (request: Request) => Promise<Response>;
      const url = `http://portal.test/${file.replace(/^app\//, "").replace(/\/route\.ts$/, "")}`;
      const writes = await writeWatch(database.db);
      const errors = loggedErrors();
      const cases: fc.Arbitrary<Case> = fc.record({
        who: caller(target.user, target.secret),
        body: target.body,
        type: fc.oneof({ weight: 6, arbitrary: fc.constant("application/x-www-form-urlencoded") }, { weight: 1, arbitrary: contentTypes }),
        streamed: fc.boolean(),
        huge: fc.boolean().chain((maybe) => (maybe ? fc.nat(40).map((n) => n === 0) : fc.constant(false))),
      });
      try {
        await fuzz(`POST ${file} (${engine})`, cases, async ({ who, body, type, streamed, huge }) => {
          errors.lines.length = 0;
          const headers: Record<string, string> = {};
          if (type !== undefined) headers["Content-Type"] = type;
          if (who.authorization !== undefined) headers.Authorization = who.authorization;
          if (who.address !== undefined) headers["X-Dirisha-Client-Address"] = who.address;
          const request = huge ? tenMegabytes(url, "text=a&", headers).request : post(url, body, headers, streamed);
          let response: Response;
          try {
            response = await route(request);
          } catch (error) {
            throw new Error(`threw ${error instanceof Error ? `${error.name}: ${error.message}` : shown(error)}`, { cause: error });
          }
          const text = await response.text();
          if (!response.headers.get("content-type")?.startsWith("text/plain"))
            throw new Error(`answered as ${response.headers.get("content-type")}`);
          const outcome = target.check(response.status, text);
          const changed = await writes.changed();
          if (response.status !== 200 && changed.length)
            throw new Error(`refused (${response.status}), yet wrote to ${changed.join(", ")}`);
          if (errors.lines.length)
            throw new Error(`logged errors: ${errors.lines.map(shown).join(" | ")}; answered ${response.status} ${shown(text)}`);
          return outcome;
        });
      } finally {
        errors.stop();
      }
    },
    fuzzTimeout(),
  );
}
