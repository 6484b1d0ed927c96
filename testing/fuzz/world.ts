import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import {
  applicationEvents,
  applications,
  citizens,
  citizenSessions,
  formVersions,
  institutions,
  services,
  signInAttempts,
  staff,
} from "@/db/schema";
import { readCatalogueData } from "@/db/seed/data-files";
import { seedCatalogue } from "@/db/seed/load";
import type { FormDefinitionInput } from "@/lib/applications/form-schema";
import { jobQueue } from "@/lib/jobs/queue";
import { keyedHash } from "@/lib/security/hash";
import type { Actor } from "@/lib/security/permissions";
import type { TestDatabase } from "@/testing/database";

/*
 * The data the fuzzed actions and routes find: the test catalogue (RITA, BRELA, NIDA and their
 * listings), a published application form with every kind of question, citizens with sessions,
 * drafts and an open question, staff of every role, a sign-in under way. A valid id is offered
 * often enough that cases get past "not found" to the checks behind it.
 */

/**
 * Set before anything reads the configuration: keys of the file's own, RITA billing through the
 * portal, and every outside system at an address where nothing answers (refused at once), so
 * that a case never waits for, or reaches, a system another test is running.
 */
function fuzzEnvironment(): string {
  const keys = fs.mkdtempSync(path.join(os.tmpdir(), "dirisha-fuzz-keys-"));
  process.env.KEYS_DIR = keys;
  process.env.GEPG_PORTAL_BILLING = "rita:SP99001";
  const nowhere = "http://127.0.0.1:9";
  process.env.GOVESB_TOKEN_URL = `${nowhere}/govesb/gw/govesb-uaa/oauth/token`;
  process.env.GOVESB_ENGINE_URL = `${nowhere}/govesb/engine/esb`;
  process.env.GEPG_URL = `${nowhere}/gepg`;
  process.env.MGOV_SMS_URL = `${nowhere}/mgov/quick_sms`;
  return keys;
}

/** The keys directory of this test file's process, set before anything is imported that reads the configuration. */
export const KEYS = fuzzEnvironment();

const fixture = () => readCatalogueData(path.resolve(import.meta.dirname, "../fixtures/catalogue"));

const bi = (en: string) => ({ sw: `${en} (sw)`, en });

/** A form with a question of every kind, its fee paid before it is handed over. */
export const everyQuestion: FormDefinitionInput = {
  schemaVersion: 1,
  intro: bi("Register a birth"),
  payment: { when: "before", feePosition: 0 },
  pages: [
    {
      id: "you",
      title: bi("You"),
      questions: [
        { id: "name", kind: "text", label: bi("Name"), required: true, nida: "fullName" },
        {
          id: "code",
          kind: "text",
          label: bi("Code"),
          required: false,
          pattern: "[A-Z]{2}\\d{4}",
          patternError: bi("Two letters, four digits"),
        },
        { id: "story", kind: "longText", label: bi("Story"), required: false, maxLength: 500 },
        { id: "home", kind: "regionDistrict", label: bi("Home"), required: true, nida: "residence" },
      ],
    },
    {
      id: "child",
      title: bi("Child"),
      questions: [
        { id: "born", kind: "date", label: bi("Born"), required: true, notAfter: "today" },
        { id: "weight", kind: "number", label: bi("Weight"), required: false, min: 0, max: 20, integer: false },
        {
          id: "sex",
          kind: "oneOf",
          label: bi("Sex"),
          required: true,
          options: [
            { value: "f", label: bi("Girl") },
            { value: "m", label: bi("Boy") },
          ],
        },
        {
          id: "helpers",
          kind: "manyOf",
          label: bi("Helpers"),
          required: false,
          options: [
            { value: "midwife", label: bi("Midwife") },
            { value: "doctor", label: bi("Doctor") },
            { value: "family", label: bi("Family") },
          ],
          maxChoices: 2,
        },
        { id: "facility", kind: "yesNo", label: bi("Facility"), required: true },
      ],
    },
    {
      id: "contact",
      title: bi("Contact"),
      questions: [
        { id: "phone", kind: "phone", label: bi("Phone"), required: false },
        { id: "email", kind: "email", label: bi("E-mail"), required: false },
        { id: "notice", kind: "document", label: bi("Notice"), required: false, accept: ["pdf", "jpeg", "png"], maxBytes: 1024 * 1024 },
      ],
    },
    { id: "end", title: bi("Declaration"), questions: [{ id: "agree", kind: "declaration", label: bi("True"), required: true }] },
  ],
};

/** The question fields of the form above, as a page posts them. */
export const questionFields = [
  "q_name",
  "q_code",
  "q_story",
  "q_home_region",
  "q_home_district",
  "q_born_day",
  "q_born_month",
  "q_born_year",
  "q_weight",
  "q_sex",
  "q_helpers",
  "q_facility",
  "q_phone",
  "q_email",
  "q_notice",
  "q_agree",
];

export const nidaRecord = {
  nin: "19900101000000000001",
  firstName: "Amani",
  middleName: "Juma",
  surname: "Mushi",
  dateOfBirth: "1990-01-01",
  sex: "M",
  phone: "255700000001",
  placeOfBirth: { region: "Kilimanjaro", district: "Moshi" },
  residence: { region: "Dar es Salaam", district: "Kinondoni", ward: "Mwananyamala", village: null },
  fetchedAt: new Date().toISOString(),
};

export type World = {
  boss: PgBoss;
  institutions: Record<"rita" | "brela" | "nida", string>;
  services: Record<"birth" | "death" | "business" | "id", string>;
  serviceSlugs: string[];
  owner: Actor & { kind: "citizen" };
  other: Actor & { kind: "citizen" };
  ownerSession: string;
  drafts: string[];
  questioned: string[];
  staff: Record<"admin" | "ritaPublisher" | "ritaEditor" | "brelaEditor", Actor & { kind: "staff" }>;
  signInTokens: string[];
  bills: string[];
};

/** Seeds everything above into a new database and points the process's catalogue at it. */
export async function seedWorld(database: TestDatabase): Promise<World> {
  const { db } = database;
  const boss = await jobQueue(database);
  await seedCatalogue(db, fixture());
  const cached = (globalThis as { dirishaCatalogue?: { catalogue?: unknown } }).dirishaCatalogue;
  if (cached) cached.catalogue = undefined;

  const rows = await db.select({ id: institutions.id, slug: institutions.slug }).from(institutions);
  const institution = (slug: string) => rows.find((r) => r.slug === slug)!.id;
  const listing = async (slugEn: string) => (await db.select().from(services).where(eq(services.slugEn, slugEn)))[0]!;
  const birth = await listing("birth-registration");
  await db
    .insert(formVersions)
    .values({ serviceId: birth.id, institutionId: birth.institutionId, number: 1, state: "published", definition: everyQuestion });

  const people = await db
    .insert(citizens)
    .values([
      { ninHash: "fuzz-owner", ninLast4: "0001", firstName: "Amani", surname: "Mushi" },
      { ninHash: "fuzz-other", ninLast4: "0002", firstName: "Neema", surname: "Kweka" },
    ])
    .returning({ id: citizens.id });
  const owner = { kind: "citizen" as const, citizenId: people[0]!.id };
  const other = { kind: "citizen" as const, citizenId: people[1]!.id };
  const ownerSession = "fuzz-owner-session";
  await db.insert(citizenSessions).values([{ id: ownerSession, citizenId: owner.citizenId, nidaRecord }]);

  const { startApplication } = await import("@/lib/applications/applications");
  const drafts: string[] = [];
  for (let i = 0; i < 4; i++) {
    const started = await startApplication(db, {
      citizenId: owner.citizenId,
      service: { id: birth.id, institutionId: birth.institutionId },
      record: nidaRecord,
      locale: i % 2 ? "en" : "sw",
    });
    if (!started.ok) throw new Error(`no draft: ${started.problem}`);
    drafts.push(started.id);
  }
  // Applications the institution asked a question about, each for one reply.
  const questioned: string[] = [];
  const [version] = await db.select({ id: formVersions.id }).from(formVersions).where(eq(formVersions.serviceId, birth.id));
  for (let i = 0; i < 3; i++) {
    const [row] = await db
      .insert(applications)
      .values({
        reference: `APP-QQQ${i}-FUZZ`,
        citizenId: owner.citizenId,
        serviceId: birth.id,
        institutionId: birth.institutionId,
        formVersionId: version!.id,
        status: "information_needed",
        locale: "sw",
        phone: "255700000001",
      })
      .returning({ id: applications.id });
    await db.insert(applicationEvents).values({
      applicationId: row!.id,
      kind: "update",
      updateId: `question-${i}`,
      status: "information_needed",
      moved: true,
      question: "Which hospital?",
      at: new Date(),
    });
    questioned.push(row!.id);
  }

  const members = await db
    .insert(staff)
    .values([
      { email: "admin@fuzz.test", name: "Admin", role: "admin", institutionId: null },
      { email: "publisher@fuzz.test", name: "Publisher", role: "publisher", institutionId: institution("rita") },
      { email: "editor@fuzz.test", name: "Editor", role: "editor", institutionId: institution("rita") },
      { email: "brela@fuzz.test", name: "Brela", role: "editor", institutionId: institution("brela") },
    ] as (typeof staff.$inferInsert)[])
    .returning({ id: staff.id, role: staff.role, institutionId: staff.institutionId });
  const member = (i: number) => ({
    kind: "staff" as const,
    staffId: members[i]!.id,
    role: members[i]!.role,
    institutionId: members[i]!.institutionId,
  });

  // Sign-ins under way, their tokens in the cookie a case may carry.
  const signInTokens = [0, 1].map(() => randomBytes(32).toString("base64url"));
  await db.insert(signInAttempts).values(
    signInTokens.map((token, i) => ({
      tokenHash: keyedHash("sign-in-token", token),
      nin: nidaRecord.nin,
      ninHash: keyedHash("nin", nidaRecord.nin),
      phone: i === 0 ? "255700000001" : null,
      locale: "sw",
      expiresAt: new Date(Date.now() + 24 * 3600_000),
    })),
  );

  // Open bills of the owner's, to renew and cancel.
  const { currentCatalogue } = await import("@/lib/catalogue/current");
  const { requestBill } = await import("@/lib/payments/bills");
  const billed = (await currentCatalogue()).serviceById.get(birth.id)!;
  const bills: string[] = [];
  for (const fresh of [false, true]) {
    const made = await requestBill(db, boss, {
      citizenId: owner.citizenId,
      service: billed,
      feePosition: 0,
      payerPhone: null,
      fresh,
      locale: "sw",
    });
    if (!made.ok) throw new Error(`no bill: ${made.problem}`);
    bills.push(made.bill);
  }

  return {
    boss,
    bills,
    institutions: { rita: institution("rita"), brela: institution("brela"), nida: institution("nida") },
    services: {
      birth: birth.id,
      death: (await listing("death-registration")).id,
      business: (await listing("business-name-registration")).id,
      id: (await listing("national-id")).id,
    },
    serviceSlugs: ["birth-registration", "usajili-wa-kizazi", "death-registration", "national-id"],
    owner,
    other,
    ownerSession,
    drafts,
    questioned,
    staff: { admin: member(0), ritaPublisher: member(1), ritaEditor: member(2), brelaEditor: member(3) },
    signInTokens,
  };
}
