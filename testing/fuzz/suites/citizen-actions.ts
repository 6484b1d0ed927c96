import { eq } from "drizzle-orm";
import fc from "fast-check";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, expect, it } from "vitest";
import { FeedbackStatus } from "@/components/FeedbackStatus";
import { citizens, citizenSessions, problemReports } from "@/db/schema";
import { feedbackKinds } from "@/lib/feedback/feedback-schema";
import { feedbackByReference } from "@/lib/feedback/feedback";
import { problemKinds } from "@/lib/feedback/schema";
import type { Actor } from "@/lib/security/permissions";
import type { TestDatabase } from "@/testing/database";
import type { FuzzContext } from "../context";
import { fuzzAction, request, type ActionTarget } from "../requests";
import { field, fuzzTimeout, hostileFile, hostileForm, placeholder, shown, tagsOf } from "../harness";
import { ACTIONS } from "../targets";
import { questionFields, type World } from "../world";

/*
 * Every Server Action of the public and citizens' pages, fuzzed (issue 21, "Hostile input"): each
 * called thousands of times in the full run with forms no browser would send: wrong kinds of
 * values, missing and repeated fields, control, bidi and invisible characters, huge and empty
 * values, markup and SQL, stray and prototype-named fields; as the owner, another citizen, a
 * staff member and nobody. Properties: testing/fuzz/requests.ts (no throw, no error logged, an answer
 * in words or a redirect within the portal, nothing written by a refusal) and, for the text a
 * citizen stores that others see, that it is rendered as text.
 */

/** A field's plausible values. */
const text = (...plausible: string[]) => plausible;

export function citizenActions(context: FuzzContext): void {
  const { engine } = context;
  let database: TestDatabase;
  let world: World;
  let targets: ActionTarget[];

  beforeAll(async () => {
    database = context.database();
    world = context.world();
    const feedback = await import("@/app/[locale]/(public)/feedback/actions");
    const report = await import("@/app/[locale]/(public)/services/[slug]/report/actions");
    const smsMe = await import("@/app/[locale]/(public)/services/[slug]/actions");
    const signIn = await import("@/app/[locale]/(account)/sign-in/actions");
    const account = await import("@/app/[locale]/(account)/account/actions");
    const payments = await import("@/app/[locale]/(account)/payments/actions");
    const applications = await import("@/app/[locale]/(account)/applications/actions");

    const { owner, other, staff } = world;
    const anyone = (...likely: Actor[]): fc.Arbitrary<Actor> =>
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...likely) },
        { weight: 1, arbitrary: fc.constantFrom<Actor>({ kind: "anonymous" }, other, staff.admin) },
      );
    const citizen = anyone(owner);
    const nobody = anyone({ kind: "anonymous" });
    const serviceId = text(world.services.birth, world.services.death, world.services.id);
    const returnTo = text(
      "/sw/account",
      "/en/applications",
      "//evil.example",
      "/sw\\@evil.example",
      "https://evil.example/",
      "/sw/../../x",
    );
    const honeypot = text("");
    const phone = text("0712345678", "+255 712 345 678", "255712345678", "", "0612345678");
    const signInCookie = fc.oneof(
      fc.constant({}),
      fc.constantFrom(...world.signInTokens).map((token) => ({ dirisha_signin: token })),
      field().map((token) => ({ dirisha_signin: token.slice(0, 4000) })),
    );
    // What a sign-in step may change while refusing: its attempt, the pauses it counts, the audit.
    const signInWrites = ["sign_in_attempts", "audit_events"];

    // Answers a page of the form takes, question by question.
    const answers: Record<string, string[]> = {
      q_name: ["Amani Mushi", "Neema"],
      q_code: ["AB1234", ""],
      q_story: ["Born at home.\r\nThen taken to the clinic.", ""],
      q_home_region: ["Dar es Salaam", "Kilimanjaro"],
      q_home_district: ["Kinondoni", "Moshi"],
      q_born_day: ["12", "31"],
      q_born_month: ["5", "2"],
      q_born_year: ["2020", "2999"],
      q_weight: ["3.5", "21"],
      q_sex: ["f", "m"],
      q_helpers: ["midwife", "doctor"],
      q_facility: ["yes", "no"],
      q_phone: ["0712345678", ""],
      q_email: ["a@b.tz", ""],
      q_agree: ["yes"],
    };

    targets = [
      {
        name: "sendFeedback",
        kind: "state",
        call: (form) => feedback.sendFeedback(undefined, form),
        form: hostileForm({
          kind: text(...feedbackKinds),
          institution: text("RITA", "rita", "Wakala wa Usajili", "BRELA", "nida"),
          subject: text("Cheti kimechelewa", "Fee"),
          message: text("Nimesubiri cheti cha kuzaliwa kwa wiki sita.", "The office was closed all week."),
          name: text("", "Amani"),
          phone,
          serviceId,
          website: honeypot,
        }).chain((form) =>
          // The attachment field: a browser sends an empty file when none is chosen.
          fc.oneof(fc.constant(new File([], "")), hostileFile, fc.constant(undefined)).map((file) => {
            if (file) form.set("attachment", file);
            return form;
          }),
        ),
        actors: anyone({ kind: "anonymous" }, owner),
        after: async (outcome) => {
          // Rule: what a citizen wrote is shown as text on the status page, never as markup.
          const reference = outcome.kind === "redirect" ? new URL(outcome.to, "http://x").searchParams.get("reference") : null;
          if (!reference) return;
          const item = await feedbackByReference(database.db, reference);
          expect(item, `stored feedback ${reference}`).toBeDefined();
          const render = (subject: string) =>
            renderToStaticMarkup(createElement(FeedbackStatus, { locale: "en", item: { ...item!, subject } }));
          expect(tagsOf(render(item!.subject)), `subject ${shown(item!.subject)}`).toEqual(tagsOf(render(placeholder(item!.subject)!)));
        },
      },
      {
        name: "reportProblem",
        kind: "state",
        call: (form) => report.reportProblem(undefined, form),
        form: hostileForm({
          kind: text(...problemKinds),
          details: text("The fee on this page is out of date.", "Ada imebadilika mwaka huu."),
          contact: text("", "amani@example.com", "0712345678"),
          serviceId,
          website: honeypot,
        }),
        actors: nobody,
      },
      {
        name: "smsServiceDetails",
        kind: "state",
        call: (form) => smsMe.smsServiceDetails(undefined, form),
        form: hostileForm({ phone, serviceId, website: honeypot }),
        actors: nobody,
      },
      {
        name: "startSignIn",
        kind: "state",
        call: (form) => signIn.startSignIn(undefined, form),
        form: hostileForm({ nin: text("19900101-00000-00000-01", "19900101000000000001", "1990 0101 0000 0000 0001"), return: returnTo }),
        actors: nobody,
        mayWrite: signInWrites,
      },
      {
        name: "sendSmsCode",
        kind: "redirect",
        call: (form) => signIn.sendSmsCode(form),
        form: hostileForm({ return: returnTo }),
        actors: nobody,
        cookies: signInCookie,
        mayWrite: signInWrites,
      },
      {
        name: "verifySmsCode",
        kind: "redirect",
        call: (form) => signIn.verifySmsCode(form),
        form: hostileForm({ code: text("123456", "12 34 56", "000000"), return: returnTo }),
        actors: nobody,
        cookies: signInCookie,
        mayWrite: signInWrites,
      },
      {
        name: "startQuestions",
        kind: "redirect",
        call: (form) => signIn.startQuestions(form),
        form: hostileForm({ return: returnTo }),
        actors: nobody,
        cookies: signInCookie,
        mayWrite: signInWrites,
      },
      {
        name: "answerQuestion",
        kind: "redirect",
        call: (form) => signIn.answerQuestion(form),
        form: hostileForm({ answer: text("Moshi", "Amani"), return: returnTo }),
        actors: nobody,
        cookies: signInCookie,
        mayWrite: signInWrites,
      },
      {
        name: "signOut",
        kind: "redirect",
        call: (form) => account.signOut(form),
        form: hostileForm({}),
        actors: citizen,
        sessions: fc.constantFrom(null, world.ownerSession, "unknown-session"),
      },
      {
        name: "eraseMyData",
        kind: "redirect",
        call: (form) => account.eraseMyData(form),
        form: hostileForm({ confirm: text("yes", "no") }),
        actors: citizen,
        sessions: fc.constantFrom(null, "fresh"),
        // Each case erases a citizen of its own (with a session), never the one the other actions use.
        prepare: async (actor) => {
          if (actor.kind !== "citizen") return actor;
          const [row] = await database.db
            .insert(citizens)
            .values({ ninHash: `erase-${Math.random()}`, ninLast4: "0009", firstName: "Juma", surname: "Ali" })
            .returning({ id: citizens.id });
          if (request.sessionId === "fresh") {
            request.sessionId = `erase-session-${row!.id}`;
            await database.db.insert(citizenSessions).values({ id: request.sessionId, citizenId: row!.id, nidaRecord: null });
          }
          return { kind: "citizen", citizenId: row!.id };
        },
      },
      {
        name: "payFee",
        kind: "redirect",
        call: (form) => payments.payFee(form),
        form: hostileForm({ fee: text("0", "1", "-1", "1e3", "0x0"), phone, again: text("yes", ""), serviceId }),
        actors: citizen,
      },
      {
        name: "renewBill",
        kind: "redirect",
        call: (form) => payments.renewBill(form),
        form: hostileForm({ bill: text(...world.bills, "00000000-0000-4000-8000-000000000000") }),
        actors: citizen,
      },
      {
        name: "cancelBill",
        kind: "redirect",
        call: (form) => payments.cancelBill(form),
        form: hostileForm({ bill: text(...world.bills, "00000000-0000-4000-8000-000000000000") }),
        actors: citizen,
      },
      {
        name: "startApplication",
        kind: "redirect",
        call: (form) => applications.startApplication(form),
        form: hostileForm({ serviceId }),
        actors: citizen,
        sessions: fc.constantFrom(world.ownerSession, null),
      },
      {
        name: "saveApplicationPage",
        kind: "state",
        call: (form) => applications.saveApplicationPage(undefined, form),
        form: hostileForm({
          id: text(...world.drafts),
          page: text("you", "child", "contact", "end", "check"),
          return: text("", "check"),
          ...Object.fromEntries(questionFields.map((name) => [name, answers[name] ?? text("Amani Mushi")])),
        }).chain((form) =>
          fc.option(hostileFile).map((file) => {
            if (file) form.set("q_notice", file);
            return form;
          }),
        ),
        actors: citizen,
      },
      {
        name: "submitApplication",
        kind: "redirect",
        call: (form) => applications.submitApplication(form),
        form: hostileForm({ id: text(...world.drafts) }),
        actors: citizen,
      },
      {
        name: "replyToQuestion",
        kind: "state",
        call: (form) => applications.replyToQuestion(undefined, form),
        form: hostileForm({ id: text(...world.questioned), text: text("Muhimbili National Hospital.") }).chain((form) =>
          fc.option(hostileFile).map((file) => {
            if (file) form.set("file", file);
            return form;
          }),
        ),
        actors: citizen,
      },
    ];
  });

  it.each(Object.values(ACTIONS.citizen).flat())(
    "%s",
    async (name) => {
      const target = targets.find((t) => t.name === name);
      expect(target, `a fuzz target for ${name}`).toBeDefined();
      await fuzzAction(database.db, engine, target!);
    },
    fuzzTimeout(),
  );

  it("shows every problem report the fuzzing stored as text on the staff page", async () => {
    // Rule: what a citizen reports reaches the institution's staff as text, never as markup.
    const { default: ProblemReportsPage } = await import("@/app/[locale]/(editor)/staff/reports/page");
    request.actor = world.staff.admin;
    const render = async (slug: string) =>
      renderToStaticMarkup(
        await ProblemReportsPage({
          params: Promise.resolve({ locale: "en" }),
          searchParams: Promise.resolve({ institution: slug, status: "new" }),
        }),
      );
    // Besides what the cases stored (few or none in a short run), one report that is all markup.
    await database.db.insert(problemReports).values({
      serviceId: world.services.birth,
      kind: "other",
      details: '<script>alert(1)</script>"><img src=x onerror=alert(1)>',
      contact: "</p><b>",
      locale: "sw",
    });
    const stored = await database.db.select().from(problemReports);
    const slugs = ["rita", "nida"];
    const pages = await Promise.all(slugs.map(render));
    // The same pages with every report's text a plain stand-in: the markup around it must not change.
    for (const report of stored)
      await database.db
        .update(problemReports)
        .set({ details: placeholder(report.details)!, contact: placeholder(report.contact) })
        .where(eq(problemReports.id, report.id));
    for (const [i, slug] of slugs.entries()) {
      const plain = await render(slug);
      expect(tagsOf(pages[i]!).length, `${slug}'s page`).toBe(tagsOf(plain).length);
      expect(tagsOf(pages[i]!)).toEqual(tagsOf(plain));
    }
  });
}
