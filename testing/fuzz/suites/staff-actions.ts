import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { problemReports, unmatchedPayments } from "@/db/schema";
import { parseCsv } from "@/lib/editorial/csv";
import { formFromDocument, type ListingDocument } from "@/lib/editorial/document";
import { DEAD_LETTER_KINDS } from "@/lib/jobs/dead-letters";
import type { Actor } from "@/lib/security/permissions";
import type { TestDatabase } from "@/testing/database";
import type { FuzzContext } from "../context";
import { fuzzAction, type ActionTarget } from "../requests";
import { field, fuzzTimeout, hostileFile, hostileForm, hostileText, spoiledJson, type FieldSpec } from "../harness";
import { ACTIONS } from "../targets";
import { everyQuestion, type World } from "../world";

/*
 * Every Server Action of the editorial area, fuzzed (issue 21, "Hostile input") as
 * citizen-actions.ts fuzzes the citizens': hostile forms, as an administrator, a publisher
 * and an editor of RITA, an editor of another institution, a citizen and nobody. The imports (CSV
 * and JSON listings, JSON forms) are fuzzed from real exports with hostile values put into their
 * cells and strings, so that cases get past "not a listing" to where a value reaches the database.
 */

/** A field's plausible values. */
const text = (...plausible: string[]) => plausible;

/** A language's value in a document: a text people read, where a hostile value passes the schema and reaches the database. */
const isText = (at: (string | number)[]) => at.at(-1) === "sw" || at.at(-1) === "en";

/** One CSV cell as a spreadsheet writes it. */
const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function staffActions(context: FuzzContext): void {
  const { engine } = context;
  let database: TestDatabase;
  let world: World;
  let targets: ActionTarget[];

  beforeAll(async () => {
    database = context.database();
    world = context.world();
    const { db } = database;
    const { admin, ritaPublisher, ritaEditor, brelaEditor } = world.staff;
    const listings = await import("@/lib/editorial/listings");
    const bulk = await import("@/lib/editorial/bulk");
    const forms = await import("@/lib/applications/forms");
    const accounts = await import("@/lib/staff/accounts");

    // Drafts to save, submit, publish and discard; a form draft; a report, an unmatched payment, an invitation.
    const drafts: string[] = [];
    for (const service of [world.services.birth, world.services.death]) {
      const opened = await listings.openDraft(db, ritaEditor, service);
      if (!opened.ok) throw new Error(`no draft: ${opened.problem}`);
      drafts.push(opened.versionId);
    }
    const formDraft = await forms.saveFormDraft(db, ritaEditor, world.services.birth, JSON.stringify(everyQuestion));
    if (!formDraft.ok) throw new Error(`no form draft: ${formDraft.problem}`);
    const [report] = await db
      .insert(problemReports)
      .values({ serviceId: world.services.birth, kind: "out_of_date", details: "The fee changed in 2026.", locale: "en" })
      .returning({ id: problemReports.id });
    const [unmatched] = await db
      .insert(unmatchedPayments)
      .values({
        trxId: "TRX-FUZZ-1",
        source: "notice",
        gepgBillId: "DRS-UNKNOWN",
        controlNumber: "991234567890",
        spCode: "SP99001",
        paidMinor: 800000n,
        billMinor: 800000n,
        currency: "TZS",
        pspCode: "PSP101",
        payRefId: "PR1",
        paidAt: new Date(),
        mismatches: [],
        signedXml: "<pmtSpNtfReq/>",
      })
      .returning({ id: unmatchedPayments.id });
    const invited = await accounts.inviteStaff(db, admin.staffId, {
      email: "new@fuzz.test",
      name: "New",
      role: "editor",
      institutionId: world.institutions.rita,
    });
    if (!invited.ok) throw new Error("no invitation");

    // Real exports to spoil: RITA's listings as CSV and JSON, a listing's form values, the form.
    const exported = (await bulk.exportListings(db, admin, world.institutions.rita))!;
    const csv = bulk.toCsv(exported);
    const parsedCsv = parseCsv(csv);
    if (!parsedCsv.ok) throw new Error("the export is not CSV");
    const [csvHeaderRecord, ...csvRows] = parsedCsv.records.map((record) => record.cells);
    const csvHeader = csvHeaderRecord!.join(",");
    const listingValues = formFromDocument(exported[0] as ListingDocument);

    const staffOf = (...likely: Actor[]): fc.Arbitrary<Actor> =>
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...likely) },
        { weight: 1, arbitrary: fc.constantFrom<Actor>(brelaEditor, world.owner, { kind: "anonymous" }) },
      );
    const editors = staffOf(ritaEditor, ritaPublisher, admin);
    const admins = staffOf(admin, ritaPublisher);
    const versionId = text(...drafts, "00000000-0000-4000-8000-000000000000");
    const serviceId = text(world.services.birth, world.services.death, world.services.business);
    const comment = text("", "Checked against the gazette.");
    let fresh = 0;
    /** A unique slug, so that a spoiled listing is a new one and gets as far as being stored. */
    const newSlug = () => `fuzz-listing-${Date.now().toString(36)}-${(fresh += 1)}`;

    const textColumns = csvHeader
      .split(",")
      .flatMap((column, i) =>
        /^(name|summary|description|feeNote|processingTime|requirements|steps|keywords)\.(sw|en)$/.test(column) ? [i] : [],
      );
    const csvFile = fc
      .tuple(fc.array(fc.tuple(fc.nat(), fc.nat(), hostileText), { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([spoils, newListing]) => {
        const header = csvHeader.split(",");
        // The first listing's cells, as the portal's own CSV reader reads them.
        const rows = csvRows.slice(0, 1).map((cells) => [...cells]);
        for (const [row, column, spoil] of spoils) {
          const cells = rows[row % rows.length]!;
          // Mostly a text column (where a hostile value passes the checks and reaches the database), else any.
          const at = column % 5 > 0 ? textColumns[column % textColumns.length]! : column % cells.length;
          cells[at] = `${cells[at]}${spoil}`;
        }
        if (newListing)
          for (const cells of rows) {
            const slug = newSlug();
            cells[header.indexOf("slug.en")] = slug;
            cells[header.indexOf("slug.sw")] = `${slug}-sw`;
          }
        return new File([[csvHeader, ...rows.map((cells) => cells.map(cell).join(","))].join("\r\n")], "listings.csv", {
          type: "text/csv",
        });
      });
    const jsonFile = spoiledJson(exported[0], isText).map((doc) => {
      const slug = newSlug();
      const listing = doc as { slug?: unknown };
      if (listing.slug && typeof listing.slug === "object") listing.slug = { ...listing.slug, en: slug, sw: `${slug}-sw` };
      return new File([JSON.stringify([listing])], "listings.json", { type: "application/json" });
    });
    const formJson = spoiledJson(everyQuestion, isText).map((definition) => JSON.stringify(definition));

    const actions = await import("@/app/[locale]/(editor)/staff/actions");
    const reports = await import("@/app/[locale]/(editor)/staff/reports/actions");
    const topics = await import("@/app/[locale]/(editor)/staff/admin/topics/actions");
    const queue = await import("@/app/[locale]/(editor)/staff/admin/queue/actions");
    const mostUsed = await import("@/app/[locale]/(editor)/staff/admin/most-used/actions");
    const payments = await import("@/app/[locale]/(editor)/staff/admin/payments/actions");
    const people = await import("@/app/[locale]/(editor)/staff/admin/people/actions");
    const signIn = await import("@/app/[locale]/(editor)/staff/sign-in/actions");
    const invitation = await import("@/app/[locale]/(editor)/staff/invitation/actions");
    const importing = await import("@/app/[locale]/(editor)/staff/import/actions");
    const formActions = await import("@/app/[locale]/(editor)/staff/listings/[serviceId]/form/actions");

    const redirecting = (
      name: string,
      call: (form: FormData) => Promise<unknown>,
      fields: Record<string, FieldSpec>,
      actors = editors,
    ): ActionTarget => ({
      name,
      kind: "redirect",
      call,
      form: hostileForm(fields),
      actors,
    });
    const stateful = (
      name: string,
      call: (form: FormData) => Promise<unknown>,
      form: fc.Arbitrary<FormData>,
      actors = editors,
    ): ActionTarget => ({
      name,
      kind: "state",
      call,
      form,
      actors,
    });
    const withFile = (form: fc.Arbitrary<FormData>, name: string, file: fc.Arbitrary<File>) =>
      fc
        .tuple(form, fc.oneof({ weight: 4, arbitrary: file }, { weight: 1, arbitrary: hostileFile }), fc.nat(9))
        .map(([data, chosen, skip]) => {
          if (skip > 0) data.set(name, chosen);
          return data;
        });
    // A refused sign-in counts the try against the account and the address, and says so in the audit.
    const signInWrites = ["staff_sign_in_steps", "editorial_audit", "audit_events"];

    targets = [
      stateful(
        "saveListing",
        (form) => actions.saveListing(undefined, form),
        hostileForm({
          versionId,
          add: text("", "fees", "channels", "legalBasis", "sources"),
          ...Object.fromEntries(Object.entries(listingValues).map(([name, value]) => [name, text(value, "")])),
        }),
      ),
      redirecting("createListing", (form) => actions.createListing(form), {
        institutionId: text(world.institutions.rita, world.institutions.brela),
      }),
      redirecting("openDraft", (form) => actions.openDraft(form), { serviceId }),
      redirecting("submitForReview", (form) => actions.submitForReview(form), { versionId, comment }),
      redirecting("returnToDraft", (form) => actions.returnToDraft(form), { versionId, comment }),
      redirecting("publishVersion", (form) => actions.publishVersion(form), { versionId }),
      redirecting("discardDraft", (form) => actions.discardDraft(form), { versionId }),
      redirecting("withdrawListing", (form) => actions.withdrawListing(form), {
        serviceId: text(world.services.business, world.services.id),
        comment,
      }),
      redirecting("setNotice", (form) => actions.setNotice(form), {
        serviceId,
        "notice.sw": text("Ofisi imefungwa leo."),
        "notice.en": text("The office is closed today."),
      }),
      redirecting("clearNotice", (form) => actions.clearNotice(form), { serviceId }),
      redirecting("confirmStillCorrect", (form) => actions.confirmStillCorrect(form), { serviceId }),
      redirecting("confirmFact", (form) => actions.confirmFact(form), { serviceId, key: text("fee:0", "time", "channel:0", "fee:99") }),
      stateful(
        "correctFact",
        (form) => actions.correctFact(undefined, form),
        hostileForm({
          serviceId,
          key: text("fee:0", "time", "channel:0"),
          value: text("8000", "P30D", "https://rita.go.tz"),
          sw: text("Siku 30"),
          en: text("30 days"),
        }),
      ),
      redirecting("handleReport", (form) => reports.handleReport(form), {
        reportId: text(report!.id),
        status: text("seen", "resolved"),
        resolution: comment,
        institution: text("rita"),
        from: text("new", "seen"),
      }),
      stateful(
        "saveTopic",
        (form) => topics.saveTopic(undefined, form),
        hostileForm({
          topic: text("category", "lifeEvent"),
          existing: text("", "identity", "birth-of-a-child"),
          key: text("fuzz-topic", "identity"),
          kind: text("life", "business"),
          "slug.sw": text("mada-mpya"),
          "slug.en": text("new-topic"),
          "name.sw": text("Mada mpya"),
          "name.en": text("New topic"),
          "description.sw": text("Maelezo."),
          "description.en": text("A description."),
        }),
        admins,
      ),
      stateful(
        "saveServiceOrder",
        (form) => topics.saveServiceOrder(undefined, form),
        hostileForm({
          event: text("birth-of-a-child", "starting-a-business"),
          [`position-${world.services.birth}`]: text("1", "2", "999", "1000"),
          [`position-${world.services.death}`]: text("2", ""),
          [`position-${"-".repeat(36)}`]: text("3"),
        }),
        admins,
      ),
      redirecting(
        "sendAgainLetters",
        (form) => queue.sendAgainLetters(form),
        { kind: text(...DEAD_LETTER_KINDS), id: text("", "00000000-0000-4000-8000-000000000000") },
        admins,
      ),
      redirecting(
        "dismissLetter",
        (form) => queue.dismissLetter(form),
        { kind: text(...DEAD_LETTER_KINDS), id: text("00000000-0000-4000-8000-000000000000") },
        admins,
      ),
      redirecting(
        "changeMostUsed",
        (form) => mostUsed.changeMostUsed(form),
        { service: serviceId, change: text("pin", "hide", "clear", "up", "down") },
        admins,
      ),
      redirecting(
        "requestReconciliation",
        (form) => payments.requestReconciliation(form),
        { day: text("2026-01-01", "2025-12-31", "2999-01-01", "2026-02-30") },
        admins,
      ),
      redirecting(
        "applyUnmatchedPayment",
        (form) => payments.applyUnmatchedPayment(form),
        { id: text(unmatched!.id), bill: text("DRS1", "", "ABC123"), note: text("Paid at the bank.") },
        admins,
      ),
      redirecting(
        "markRefundDue",
        (form) => payments.markRefundDue(form),
        { id: text(unmatched!.id), reason: text("Paid twice by mistake.") },
        admins,
      ),
      stateful(
        "inviteStaff",
        (form) => people.inviteStaff(undefined, form),
        hostileForm({
          email: text("someone@rita.go.tz", "admin@fuzz.test"),
          name: text("Neema Kweka"),
          role: text("admin", "publisher", "editor"),
          institution: text("rita", "brela", ""),
        }),
        admins,
      ),
      stateful(
        "resetStaff",
        (form) => people.resetStaff(undefined, form),
        hostileForm({ staffId: text(invited.staffId, ritaEditor.staffId) }),
        admins,
      ),
      redirecting(
        "setStaffDisabled",
        (form) => people.setStaffDisabled(form),
        { staffId: text(invited.staffId, admin.staffId), disable: text("yes", "no") },
        admins,
      ),
      {
        ...stateful(
          "signInWithPassword",
          (form) => signIn.signInWithPassword(undefined, form),
          hostileForm({
            email: text("editor@fuzz.test", "admin@fuzz.test"),
            password: text("correct horse battery staple"),
            return: text("/sw/staff", "//evil.example"),
          }),
          fc.constant<Actor>({ kind: "anonymous" }),
        ),
        mayWrite: signInWrites,
        // Every case that gets past the form hashes a password (scrypt, a fifth of a second here).
        weight: 0.25,
      },
      {
        ...redirecting(
          "signInWithCode",
          (form) => signIn.signInWithCode(form),
          { code: text("123456", "12 34 56"), return: text("/en/staff", "https://evil.example") },
          fc.constant<Actor>({ kind: "anonymous" }),
        ),
        cookies: fc.record({ dirisha_staff_step: field("step-token") }),
        mayWrite: signInWrites,
      },
      redirecting("signOutStaff", (form) => signIn.signOutStaff(form), {}),
      {
        ...redirecting(
          "choosePassword",
          (form) => invitation.choosePassword(form),
          { password: text("a long enough passphrase 1"), repeat: text("a long enough passphrase 1") },
          fc.constant<Actor>({ kind: "anonymous" }),
        ),
        cookies: fc.record({ dirisha_staff_invitation: field(invited.token) }),
      },
      {
        ...redirecting(
          "confirmAuthenticator",
          (form) => invitation.confirmAuthenticator(form),
          { code: text("123456") },
          fc.constant<Actor>({ kind: "anonymous" }),
        ),
        cookies: fc.record({ dirisha_staff_invitation: field(invited.token) }),
      },
      stateful(
        "importListings",
        (form) => importing.importListings(undefined, form),
        withFile(hostileForm({ institution: text("rita"), publish: text("on", "") }), "file", fc.oneof(csvFile, jsonFile)),
        staffOf(ritaPublisher, ritaEditor, admin),
      ),
      stateful(
        "saveForm",
        (form) => formActions.saveForm(undefined, form),
        hostileForm({ serviceId, definition: fc.oneof(formJson, fc.constant(JSON.stringify(everyQuestion))) }),
      ),
      stateful(
        "importForm",
        (form) => formActions.importForm(undefined, form),
        withFile(
          hostileForm({ serviceId }),
          "file",
          formJson.map((json) => new File([json], "form.json", { type: "application/json" })),
        ),
      ),
      redirecting("submitFormForReview", (form) => formActions.submitFormForReview(form), {
        serviceId,
        versionId: text(formDraft.versionId),
        comment,
      }),
      redirecting("returnFormToDraft", (form) => formActions.returnFormToDraft(form), {
        serviceId,
        versionId: text(formDraft.versionId),
        comment,
      }),
      redirecting("publishForm", (form) => formActions.publishForm(form), { serviceId, versionId: text(formDraft.versionId) }),
      redirecting("discardFormDraft", (form) => formActions.discardFormDraft(form), { serviceId, versionId: text(formDraft.versionId) }),
      redirecting("withdrawForm", (form) => formActions.withdrawForm(form), { serviceId, comment }),
    ];
  });

  it.each(Object.values(ACTIONS.staff).flat())(
    "%s",
    async (name) => {
      const target = targets.find((t) => t.name === name);
      expect(target, `a fuzz target for ${name}`).toBeDefined();
      await fuzzAction(database.db, engine, target!);
    },
    fuzzTimeout(),
  );
}
