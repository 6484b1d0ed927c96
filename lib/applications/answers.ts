import { z } from "zod";
import { nidaRecordSchema } from "@/lib/identity/nida-facts";
import { toInternationalMobile } from "@/lib/notifications/phone";
import { questionsOf, type Condition, type FormDefinition, type FormPage, type NidaFact, type Question } from "./form-schema";
import { isDistrictOf } from "./regions";

/**
 * A citizen's answers to a form: read from a page's fields, checked against each question's
 * rules, and kept by question id. What a question's answer may be:
 * text, long text, a phone (255…), an e-mail, a date (YYYY-MM-DD), one option: a string;
 * a number; yes/no and a declaration: a boolean; many options: a list of option values;
 * a region and district: {region, district}; a document: {documentId, fileName}.
 *
 * No server code here: the same rules run in tests and wherever answers are read.
 */

export type Place = { region: string; district: string };
export type DocumentAnswer = { documentId: string; fileName: string };
export type AnswerValue = string | number | boolean | string[] | Place | DocumentAnswer;
export type Answers = Record<string, AnswerValue>;

/** What went wrong with one answer: a name the page translates, with what the message needs. */
export type AnswerError = { name: string; params?: Record<string, string | number> };

/** The facts of the NIDA record an application keeps: the session's record without when it was fetched. */
export const identitySchema = nidaRecordSchema.omit({ fetchedAt: true });
export type Identity = z.infer<typeof identitySchema>;

/** The value NIDA holds for a question marked with a NIDA fact, or undefined (the question is then asked). */
export function nidaValue(question: Question, identity: Identity | null): AnswerValue | undefined {
  const fact: NidaFact | undefined = "nida" in question ? question.nida : undefined;
  if (!fact || !identity) return undefined;
  switch (fact) {
    case "fullName":
      return [identity.firstName, identity.middleName, identity.surname].filter(Boolean).join(" ") || undefined;
    case "firstName":
    case "surname":
      return identity[fact] || undefined;
    case "middleName":
      // No middle name is a fact too: NIDA says so, there is nothing to type.
      return identity.middleName;
    case "dateOfBirth":
      return identity.dateOfBirth || undefined;
    case "sex": {
      const value = identity.sex.trim().toLowerCase().slice(0, 1);
      return question.kind === "oneOf" && question.options.some((o) => o.value === value) ? value : undefined;
    }
    case "phone":
      return identity.phone ?? undefined;
    case "placeOfBirth":
      return identity.placeOfBirth ? { region: identity.placeOfBirth.region, district: identity.placeOfBirth.district } : undefined;
    case "residence":
      return identity.residence ? { region: identity.residence.region, district: identity.residence.district } : undefined;
  }
}

function holds(condition: Condition | undefined, answers: Answers): boolean {
  if (!condition) return true;
  const answer = answers[condition.question];
  if (Array.isArray(answer)) return answer.includes(String(condition.equals));
  return answer === condition.equals;
}

/** Whether a page is shown, given the answers so far (its condition looks at earlier pages only). */
export function pageShown(page: FormPage, answers: Answers): boolean {
  return holds(page.when, answers);
}

/** Whether a question is part of the application: its page shown and its own condition met. */
export function questionAsked(page: FormPage, question: Question, answers: Answers): boolean {
  return pageShown(page, answers) && holds(question.when, answers);
}

/** The pages shown, in order, given the answers so far. */
export function shownPages(form: FormDefinition, answers: Answers): FormPage[] {
  return form.pages.filter((page) => pageShown(page, answers));
}

/** Whether a question must be answered by the citizen (not filled from NIDA). */
export function typedByCitizen(question: Question, identity: Identity | null): boolean {
  return nidaValue(question, identity) === undefined;
}

/**
 * The first page with a required answer missing or no longer valid, or null when the application
 * is complete and can be checked and submitted.
 */
export function firstIncompletePage(form: FormDefinition, answers: Answers, identity: Identity | null): FormPage | null {
  for (const page of shownPages(form, answers)) {
    for (const question of page.questions) {
      if (!questionAsked(page, question, answers) || !typedByCitizen(question, identity)) continue;
      const answer = answers[question.id];
      if (answer === undefined) {
        if (question.required) return page;
        continue;
      }
      if (!storedAnswerValid(question, answer)) return page;
    }
  }
  return null;
}

/** The answers of the questions asked, in the form's order (hidden ones dropped): what is handed over. */
export function askedAnswers(
  form: FormDefinition,
  answers: Answers,
  identity: Identity | null,
): { question: Question; value: AnswerValue; fromNida: boolean }[] {
  return questionsOf(form).flatMap(({ page, question }) => {
    if (!questionAsked(page, question, answers)) return [];
    const fromNida = nidaValue(question, identity);
    if (fromNida !== undefined) return [{ question, value: fromNida, fromNida: true as boolean }];
    const value = answers[question.id];
    return value === undefined ? [] : [{ question, value, fromNida: false as boolean }];
  });
}

const today = () => new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10); // Dar es Salaam
const limitOf = (limit: string) => (limit === "today" ? today() : limit);

/** A stored answer still fits its question (a form read back, an answer kept from an earlier visit). */
export function storedAnswerValid(question: Question, value: AnswerValue): boolean {
  switch (question.kind) {
    case "text":
    case "longText":
    case "phone":
    case "email":
      return typeof value === "string";
    case "number":
      return typeof value === "number";
    case "date":
      return typeof value === "string" && dateErrors(question, value) === null;
    case "yesNo":
      return typeof value === "boolean";
    case "declaration":
      return value === true;
    case "oneOf":
      return typeof value === "string" && question.options.some((o) => o.value === value);
    case "manyOf":
      return Array.isArray(value) && value.every((v) => question.options.some((o) => o.value === v));
    case "regionDistrict":
      return typeof value === "object" && value !== null && "region" in value && isDistrictOf(value.region, value.district);
    case "document":
      return typeof value === "object" && value !== null && "documentId" in value;
  }
}

function dateErrors(question: Extract<Question, { kind: "date" }>, iso: string): AnswerError | null {
  if (question.notBefore && iso < limitOf(question.notBefore))
    return { name: "dateTooEarly", params: { date: limitOf(question.notBefore) } };
  if (question.notAfter && iso > limitOf(question.notAfter)) return { name: "dateTooLate", params: { date: limitOf(question.notAfter) } };
  return null;
}

/** A real calendar day from the three boxes of a date question, as YYYY-MM-DD, or null. */
export function dateFrom(day: string, month: string, year: string): string | null {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** The field names a question's answer is read from (a date has three boxes). */
export const fieldName = (question: Question, part?: "day" | "month" | "year") => (part ? `q_${question.id}_${part}` : `q_${question.id}`);

/** What the page's form sent, field by field: the page's own reading of FormData. */
export type PageFields = { text: (name: string) => string; all: (name: string) => string[] };

export type ReadAnswer =
  | { ok: true; value: AnswerValue | undefined }
  | { ok: false; error: AnswerError }
  /** A document question: the file is read by the caller (documents.ts); kept is the earlier one. */
  | { ok: "file" };

const emailShape = z.email();

/**
 * One question's answer from the page's fields (not documents: see documents.ts), or what is
 * wrong with it. An empty optional answer is undefined.
 */
export function readAnswer(question: Question, fields: PageFields): ReadAnswer {
  const raw = fields.text(fieldName(question)).replace(/\r\n/g, "\n");
  const typed = question.kind === "longText" ? raw.trim() : raw.trim().replace(/\s+/g, " ");
  // Control characters (other than line breaks in long text) are never an answer.
  const clean = typed.replace(question.kind === "longText" ? /[\u0000-\u0009\u000b-\u001f\u007f]/g : /[\u0000-\u001f\u007f]/g, "");
  const empty = (): ReadAnswer => (question.required ? { ok: false, error: { name: "required" } } : { ok: true, value: undefined });
  switch (question.kind) {
    case "text": {
      if (clean === "") return empty();
      if (clean.length > question.maxLength) return { ok: false, error: { name: "tooLong", params: { max: question.maxLength } } };
      if (question.minLength && clean.length < question.minLength)
        return { ok: false, error: { name: "tooShort", params: { min: question.minLength } } };
      if (question.pattern && !new RegExp(`^(?:${question.pattern})$`, "u").test(clean)) return { ok: false, error: { name: "pattern" } };
      return { ok: true, value: clean };
    }
    case "longText": {
      if (clean === "") return empty();
      if (clean.length > question.maxLength) return { ok: false, error: { name: "tooLong", params: { max: question.maxLength } } };
      return { ok: true, value: clean };
    }
    case "number": {
      if (clean === "") return empty();
      const normal = clean.replace(/[\s,](?=\d{3}\b)/g, "");
      if (!/^-?\d+(\.\d+)?$/.test(normal)) return { ok: false, error: { name: "notANumber" } };
      const value = Number(normal);
      if (question.integer && !Number.isInteger(value)) return { ok: false, error: { name: "notWhole" } };
      if (question.min !== undefined && value < question.min)
        return { ok: false, error: { name: "tooSmall", params: { min: question.min } } };
      if (question.max !== undefined && value > question.max)
        return { ok: false, error: { name: "tooLarge", params: { max: question.max } } };
      return { ok: true, value };
    }
    case "date": {
      const parts = (["day", "month", "year"] as const).map((part) => fields.text(fieldName(question, part)).trim());
      if (parts.every((p) => p === "")) return empty();
      const iso = dateFrom(parts[0]!, parts[1]!, parts[2]!);
      if (!iso) return { ok: false, error: { name: "notADate" } };
      const problem = dateErrors(question, iso);
      return problem ? { ok: false, error: problem } : { ok: true, value: iso };
    }
    case "yesNo": {
      if (clean === "") return empty();
      if (clean !== "yes" && clean !== "no") return { ok: false, error: { name: "notAnOption" } };
      return { ok: true, value: clean === "yes" };
    }
    case "declaration":
      return clean === "yes" ? { ok: true, value: true } : { ok: false, error: { name: "mustDeclare" } };
    case "oneOf": {
      if (clean === "") return empty();
      if (!question.options.some((o) => o.value === clean)) return { ok: false, error: { name: "notAnOption" } };
      return { ok: true, value: clean };
    }
    case "manyOf": {
      const chosen = [...new Set(fields.all(fieldName(question)).map((v) => v.trim()))].filter(Boolean);
      if (chosen.length === 0) return empty();
      if (!chosen.every((v) => question.options.some((o) => o.value === v))) return { ok: false, error: { name: "notAnOption" } };
      if (question.minChoices && chosen.length < question.minChoices)
        return { ok: false, error: { name: "tooFewChoices", params: { min: question.minChoices } } };
      if (question.maxChoices && chosen.length > question.maxChoices)
        return { ok: false, error: { name: "tooManyChoices", params: { max: question.maxChoices } } };
      // Kept in the form's order, whatever order the browser sent them in.
      return { ok: true, value: question.options.map((o) => o.value).filter((v) => chosen.includes(v)) };
    }
    case "phone": {
      if (clean === "") return empty();
      const phone = toInternationalMobile(clean);
      return phone ? { ok: true, value: phone } : { ok: false, error: { name: "notAPhone" } };
    }
    case "email": {
      if (clean === "") return empty();
      if (clean.length > 254 || !emailShape.safeParse(clean).success) return { ok: false, error: { name: "notAnEmail" } };
      return { ok: true, value: clean.toLowerCase() };
    }
    case "regionDistrict": {
      if (clean === "") return empty();
      const [region = "", district = ""] = clean.split("|");
      if (!isDistrictOf(region, district)) return { ok: false, error: { name: "notADistrict" } };
      return { ok: true, value: { region, district } };
    }
    case "document":
      return { ok: "file" };
  }
}
