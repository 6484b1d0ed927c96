import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readFormFiles } from "@/db/seed/forms";
import { nidaValue, readAnswer, shownPages, firstIncompletePage, askedAnswers, dateFrom, type Identity } from "./answers";
import {
  FIELD_KINDS,
  feePositionFor,
  formProblems,
  formSchema,
  questionsOf,
  type FormDefinitionInput,
  type QuestionInput,
} from "./form-schema";
import { isDistrictOf, REGIONS } from "./regions";

/*
 * The one schema of application forms: every field kind with its limits, conditions that look
 * only backwards, NIDA facts never asked, a declaration at the end; and every answer a citizen
 * can give read and checked by it. The six forms that ship with the catalogue pass it.
 */

const bi = (en: string) => ({ sw: `${en} sw`, en });
const declaration = { id: "end", title: bi("End"), questions: [{ id: "agree", kind: "declaration", label: bi("True"), required: true }] };
const formWith = (questions: QuestionInput[], extra: Partial<FormDefinitionInput> = {}): FormDefinitionInput => ({
  schemaVersion: 1,
  intro: bi("Intro"),
  payment: { when: "none" },
  // Ten questions to a page at most: a longer list goes on two pages.
  pages: [
    { id: "one", title: bi("One"), questions: questions.slice(0, 10) },
    ...(questions.length > 10 ? [{ id: "more", title: bi("More"), questions: questions.slice(10) }] : []),
    declaration as FormDefinitionInput["pages"][number],
  ],
  ...extra,
});

const every: QuestionInput[] = [
  {
    id: "a_text",
    kind: "text",
    label: bi("Text"),
    required: true,
    maxLength: 10,
    minLength: 2,
    pattern: "[A-Z]\\d+",
    patternError: bi("Like A12"),
  },
  { id: "a_long", kind: "longText", label: bi("Long"), required: false, maxLength: 20 },
  { id: "a_number", kind: "number", label: bi("Number"), required: true, min: 1, max: 10 },
  { id: "a_date", kind: "date", label: bi("Date"), required: true, notBefore: "2000-01-01", notAfter: "today" },
  { id: "a_yes", kind: "yesNo", label: bi("Yes"), required: true },
  {
    id: "a_one",
    kind: "oneOf",
    label: bi("One"),
    required: true,
    options: [
      { value: "x", label: bi("X") },
      { value: "y", label: bi("Y") },
    ],
  },
  {
    id: "a_many",
    kind: "manyOf",
    label: bi("Many"),
    required: true,
    minChoices: 1,
    maxChoices: 2,
    options: [
      { value: "p", label: bi("P") },
      { value: "q", label: bi("Q") },
      { value: "r", label: bi("R") },
    ],
  },
  { id: "a_phone", kind: "phone", label: bi("Phone"), required: true },
  { id: "a_email", kind: "email", label: bi("Email"), required: false },
  { id: "a_place", kind: "regionDistrict", label: bi("Place"), required: true },
  { id: "a_file", kind: "document", label: bi("File"), required: true, accept: ["pdf"], maxBytes: 2048 },
];

const fieldsOf = (values: Record<string, string | string[]>) => ({
  text: (name: string) => (typeof values[name] === "string" ? (values[name] as string) : ""),
  all: (name: string) =>
    Array.isArray(values[name]) ? (values[name] as string[]) : typeof values[name] === "string" ? [values[name] as string] : [],
});

describe("the form schema", () => {
  it("takes every field kind with its limits", () => {
    expect(formProblems(formWith(every))).toEqual([]);
    expect(new Set(every.map((q) => q.kind))).toEqual(new Set(FIELD_KINDS.filter((k) => k !== "declaration")));
  });

  it.each([
    ["a bad id", [{ ...every[0]!, id: "Bad Id" }], "pages.0.questions.0.id"],
    ["an id used twice", [every[4]!, { ...every[4]! }], 'question id "a_yes" is used twice'],
    ["minLength above maxLength", [{ ...every[0]!, minLength: 20 }], "minLength is above maxLength"],
    ["a broken pattern", [{ ...every[0]!, pattern: "([" }], "not a valid regular expression"],
    ["a pattern without its error", [{ ...every[0]!, patternError: undefined }], "a pattern needs the error"],
    ["min above max", [{ ...every[2]!, min: 11 }], "min is above max"],
    ["choice limits beyond the options", [{ ...every[6]!, maxChoices: 5 }], "choices limits do not fit"],
    [
      "an option twice",
      [
        {
          ...every[5]!,
          options: [
            { value: "x", label: bi("X") },
            { value: "x", label: bi("Y") },
          ],
        },
      ],
      "used twice",
    ],
    ["a file over 5 MB", [{ ...every[10]!, maxBytes: 6 * 1024 * 1024 }], "pages.0.questions.0.maxBytes"],
    ["a condition on its own page", [every[4]!, { ...every[0]!, when: { question: "a_yes", equals: true } }], "must be on an earlier page"],
    [
      "a NIDA fact with a condition",
      [{ ...every[0]!, nida: "fullName", when: { question: "a_yes", equals: true } }],
      "must be on an earlier page",
    ],
    ["eleven documents", Array.from({ length: 11 }, (_, i) => ({ ...every[10]!, id: `doc_${i}` })), "10 documents at most"],
    [
      "documents over 20 MB in all",
      Array.from({ length: 5 }, (_, i) => ({ ...every[10]!, id: `doc_${i}`, maxBytes: 5 * 1024 * 1024 })),
      "20 MB at most",
    ],
  ] as const)("refuses %s", (_name, questions, message) => {
    expect(formProblems(formWith(questions as unknown as QuestionInput[])).join("\n")).toContain(message);
  });

  it("lets a page or question follow an earlier page's answer, of the right kind only", () => {
    const form = (equals: string | boolean) => ({
      ...formWith([every[4]!, every[5]!]),
      pages: [
        { id: "one", title: bi("One"), questions: [every[4]!, every[5]!] },
        {
          id: "two",
          title: bi("Two"),
          when: { question: "a_one", equals },
          questions: [{ ...every[0]!, when: { question: "a_yes", equals: true } }],
        },
        declaration,
      ],
    });
    expect(formProblems(form("x"))).toEqual([]);
    expect(formProblems(form("z")).join()).toContain("one of the options");
    expect(formProblems(form(true)).join()).toContain("one of the options");
  });

  it("refuses a condition on a question that is itself conditional or filled from NIDA", () => {
    const sex = {
      id: "sex",
      kind: "oneOf",
      label: bi("Sex"),
      required: true,
      nida: "sex",
      options: [
        { value: "m", label: bi("M") },
        { value: "f", label: bi("F") },
      ],
    };
    const chained = {
      ...formWith([every[4]!]),
      pages: [
        { id: "one", title: bi("One"), questions: [every[4]!, sex] },
        { id: "two", title: bi("Two"), when: { question: "a_yes", equals: true }, questions: [every[5]!] },
        { id: "three", title: bi("Three"), when: { question: "a_one", equals: "x" }, questions: [every[0]!] },
        { id: "four", title: bi("Four"), when: { question: "sex", equals: "f" }, questions: [every[2]!] },
        declaration,
      ],
    };
    const problems = formProblems(chained).join("\n");
    expect(problems).toContain('"a_one" must always be asked');
    expect(problems).toContain('"sex" must always be asked');
  });

  it("needs a declaration, and reserves the check page's address", () => {
    expect(formProblems({ ...formWith([every[0]!]), pages: [{ id: "one", title: bi("One"), questions: [every[4]!] }] }).join()).toContain(
      "a declaration",
    );
    expect(formProblems({ ...formWith([every[4]!]), pages: [{ ...declaration, id: "check" }] }).join()).toContain("portal's own pages");
  });

  it("bills the fee an answer chooses, naming one for every option", () => {
    const byAnswer = { question: "a_one", fees: { x: 0, y: 2 } };
    const form = formWith([every[5]!], { payment: { when: "before", feePosition: 0, byAnswer } });
    expect(formProblems(form)).toEqual([]);
    const parsed = formSchema.parse(form);
    if (parsed.payment.when === "none") throw new Error("payment");
    expect(feePositionFor(parsed.payment, { a_one: "y" })).toBe(2);
    expect(feePositionFor(parsed.payment, {})).toBe(0);
    expect(
      formProblems(
        formWith([every[5]!], { payment: { when: "before", feePosition: 0, byAnswer: { ...byAnswer, fees: { x: 0 } } } }),
      ).join(),
    ).toContain("each option");
  });

  it("passes the six forms that ship with the catalogue, each question with its source", () => {
    const forms = readFormFiles(path.resolve(import.meta.dirname, "../../db/seed/forms"));
    expect(forms.map((f) => f.service).sort()).toEqual([
      "birth-registration-and-birth-certificate",
      "business-name-registration",
      "higher-education-loan-application",
      "police-loss-report",
      "replacing-a-lost-or-damaged-national-id",
      "tin-registration-for-individuals",
    ]);
    for (const { form, file } of forms) {
      const unsourced = questionsOf(form).filter(
        ({ question }) => !("nida" in question && question.nida) && question.kind !== "declaration" && !question.source,
      );
      expect(unsourced.map(({ question }) => `${file}: ${question.id}`)).toEqual([]);
    }
    expect(fs.existsSync(path.resolve(import.meta.dirname, "../../db/seed/forms"))).toBe(true);
  });
});

describe("answers", () => {
  const q = Object.fromEntries(questionsOf(formSchema.parse(formWith(every))).map(({ question }) => [question.id, question]));
  const read = (id: string, values: Record<string, string | string[]>) => readAnswer(q[id]!, fieldsOf(values));

  it("reads each kind, and says what is wrong by name", () => {
    expect(read("a_text", { q_a_text: "  A12 " })).toEqual({ ok: true, value: "A12" });
    expect(read("a_text", { q_a_text: "" })).toEqual({ ok: false, error: { name: "required" } });
    expect(read("a_text", { q_a_text: "B" })).toEqual({ ok: false, error: { name: "tooShort", params: { min: 2 } } });
    expect(read("a_text", { q_a_text: "12" })).toEqual({ ok: false, error: { name: "pattern" } });
    expect(read("a_text", { q_a_text: "A12\u0000" })).toEqual({ ok: true, value: "A12" });
    expect(read("a_long", { q_a_long: "" })).toEqual({ ok: true, value: undefined });
    expect(read("a_long", { q_a_long: "x".repeat(21) })).toEqual({ ok: false, error: { name: "tooLong", params: { max: 20 } } });
    expect(read("a_number", { q_a_number: "7" })).toEqual({ ok: true, value: 7 });
    expect(read("a_number", { q_a_number: "7.5" })).toEqual({ ok: false, error: { name: "notWhole" } });
    expect(read("a_number", { q_a_number: "seven" })).toEqual({ ok: false, error: { name: "notANumber" } });
    expect(read("a_number", { q_a_number: "11" })).toEqual({ ok: false, error: { name: "tooLarge", params: { max: 10 } } });
    expect(read("a_date", { q_a_date_day: "29", q_a_date_month: "2", q_a_date_year: "2024" })).toEqual({ ok: true, value: "2024-02-29" });
    expect(read("a_date", { q_a_date_day: "29", q_a_date_month: "2", q_a_date_year: "2023" })).toEqual({
      ok: false,
      error: { name: "notADate" },
    });
    expect(read("a_date", { q_a_date_day: "1", q_a_date_month: "1", q_a_date_year: "1999" })).toMatchObject({
      error: { name: "dateTooEarly" },
    });
    expect(read("a_date", { q_a_date_day: "1", q_a_date_month: "1", q_a_date_year: "2199" })).toMatchObject({
      error: { name: "dateTooLate" },
    });
    expect(read("a_yes", { q_a_yes: "no" })).toEqual({ ok: true, value: false });
    expect(read("a_yes", { q_a_yes: "maybe" })).toEqual({ ok: false, error: { name: "notAnOption" } });
    expect(read("a_one", { q_a_one: "z" })).toEqual({ ok: false, error: { name: "notAnOption" } });
    expect(read("a_many", { q_a_many: ["r", "p"] })).toEqual({ ok: true, value: ["p", "r"] });
    expect(read("a_many", { q_a_many: ["p", "q", "r"] })).toEqual({ ok: false, error: { name: "tooManyChoices", params: { max: 2 } } });
    expect(read("a_phone", { q_a_phone: "0712 345 678" })).toEqual({ ok: true, value: "255712345678" });
    expect(read("a_phone", { q_a_phone: "12345" })).toEqual({ ok: false, error: { name: "notAPhone" } });
    expect(read("a_email", { q_a_email: "Jina@Mfano.co.tz" })).toEqual({ ok: true, value: "jina@mfano.co.tz" });
    expect(read("a_email", { q_a_email: "not an email" })).toEqual({ ok: false, error: { name: "notAnEmail" } });
    const [region] = REGIONS;
    expect(read("a_place", { q_a_place: `${region!.name}|${region!.districts[0]}` })).toEqual({
      ok: true,
      value: { region: region!.name, district: region!.districts[0] },
    });
    expect(read("a_place", { q_a_place: `${region!.name}|Nowhere` })).toEqual({ ok: false, error: { name: "notADistrict" } });
    expect(read("a_file", {})).toEqual({ ok: "file" });
  });

  it("knows real days only", () => {
    expect(dateFrom("31", "4", "2026")).toBeNull();
    expect(dateFrom("1", "13", "2026")).toBeNull();
    expect(dateFrom("01", "02", "2026")).toBe("2026-02-01");
  });

  it("fills NIDA facts from the record and never asks them; asks what NIDA does not hold", () => {
    const identity: Identity = {
      nin: "19900101000000000001",
      firstName: "Amani",
      middleName: "Juma",
      surname: "Mushi",
      dateOfBirth: "1990-01-01",
      sex: "F",
      phone: "255700000001",
      placeOfBirth: null,
      residence: { region: "Dar es Salaam", district: "Kinondoni", ward: null, village: null },
    };
    const questions: QuestionInput[] = [
      { id: "name", kind: "text", label: bi("Name"), required: true, nida: "fullName" },
      {
        id: "sex",
        kind: "oneOf",
        label: bi("Sex"),
        required: true,
        nida: "sex",
        options: [
          { value: "m", label: bi("M") },
          { value: "f", label: bi("F") },
        ],
      },
      { id: "born", kind: "regionDistrict", label: bi("Born"), required: true, nida: "placeOfBirth" },
      { id: "home", kind: "regionDistrict", label: bi("Home"), required: true, nida: "residence" },
    ];
    const form = formSchema.parse(formWith(questions));
    const [name, sex, born, home] = form.pages[0]!.questions;
    expect(nidaValue(name!, identity)).toBe("Amani Juma Mushi");
    expect(nidaValue(sex!, identity)).toBe("f");
    expect(nidaValue(born!, identity)).toBeUndefined();
    expect(nidaValue(home!, identity)).toEqual({ region: "Dar es Salaam", district: "Kinondoni" });
    // Only what NIDA lacks is missing: the place of birth, then the declaration.
    expect(firstIncompletePage(form, {}, identity)?.id).toBe("one");
    expect(firstIncompletePage(form, { born: { region: "Kilimanjaro", district: "Moshi" }, agree: true }, identity)).toBeNull();
    expect(
      askedAnswers(form, { born: { region: "Kilimanjaro", district: "Moshi" }, agree: true }, identity).map((a) => [
        a.question.id,
        a.fromNida,
      ]),
    ).toEqual([
      ["name", true],
      ["sex", true],
      ["born", false],
      ["home", true],
      ["agree", false],
    ]);
    expect(shownPages(form, {}).map((p) => p.id)).toEqual(["one", "end"]);
  });

  it("has every region with its districts, Mainland and Zanzibar", () => {
    expect(REGIONS).toHaveLength(31);
    expect(isDistrictOf("Dar es Salaam", "Kinondoni")).toBe(true);
    expect(isDistrictOf("Dar es Salaam", "Moshi")).toBe(false);
    expect(REGIONS.find((r) => r.name === "Mjini Magharibi")).toBeDefined();
  });
});
