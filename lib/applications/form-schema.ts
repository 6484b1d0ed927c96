import { z } from "zod";

/**
 * An application form as data: what an institution asks when a citizen applies online through
 * the portal. Kept by the institution's publishers in the editorial area, versioned like the
 * listings, and checked by this one schema when it is saved, imported or seeded, and (through
 * answerSchema in answers.ts) on every answer a citizen gives. No import of server code: the
 * seed's checks and the tests read it as it is.
 *
 * A form is pages of questions, one question or a small group per page. A question may be asked
 * only when an answer on an earlier page has a given value (a condition); with scripts off a page
 * cannot change itself, so a condition never looks at its own page or a later one. Questions
 * marked with a NIDA fact are never asked: the signed-in citizen's NIDA record fills them, shown
 * read-only.
 */

const text = z.string().trim().min(1);
/** A text in both languages: Swahili first. */
export const bilingual = z.strictObject({ sw: text.max(2000), en: text.max(2000) });
const shortBilingual = z.strictObject({ sw: text.max(200), en: text.max(200) });

/** A question's id: the key of its answer in the hand-off's JSON. */
export const questionId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "lowercase letters, digits and _; a letter first; 40 at most");

export const FIELD_KINDS = [
  "text",
  "longText",
  "number",
  "date",
  "yesNo",
  "oneOf",
  "manyOf",
  "phone",
  "email",
  "regionDistrict",
  "document",
  "declaration",
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** The facts of a NIDA record a question may be filled from. */
export const NIDA_FACTS = [
  "fullName",
  "firstName",
  "middleName",
  "surname",
  "dateOfBirth",
  "sex",
  "placeOfBirth",
  "residence",
  "phone",
] as const;
export type NidaFact = (typeof NIDA_FACTS)[number];

export const DOCUMENT_TYPES = ["pdf", "jpeg", "png"] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
/** The largest file any question may take; each question sets its own limit at or below it. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
/**
 * What one application may carry, so that its push through GovESB stays under 28 MB with the
 * documents in base64 (docs/protocols/govesb-applications.md): ten documents, 20 MB in all.
 */
export const MAX_FORM_DOCUMENTS = 10;
export const MAX_FORM_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** Where a question comes from, like the catalogue's facts: the public source that shows the institution asks it. */
export const fieldSource = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  title: text.max(300).optional(),
  kind: z.enum(["official", "law", "mirror", "news", "blog", "other"]),
  /** YYYY, YYYY-MM or YYYY-MM-DD, as far as the source says. */
  date: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
    .optional(),
});

/** "Ask only if" an earlier answer equals a value (yes/no: true or false; one-of and many-of: an option's value). */
export const conditionSchema = z.strictObject({
  question: questionId,
  equals: z.union([z.string().min(1).max(100), z.boolean()]),
});
export type Condition = z.infer<typeof conditionSchema>;

const optionValue = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "lowercase letters, digits, - and _; 40 at most");
const option = z.strictObject({ value: optionValue, label: shortBilingual });

const common = {
  id: questionId,
  label: bilingual,
  hint: bilingual.optional(),
  required: z.boolean(),
  when: conditionSchema.optional(),
  source: fieldSource.optional(),
};

/** A date limit: a fixed day, or "today" (no later than today: a date of birth, a loss). */
const dateLimit = z.union([z.literal("today"), z.iso.date()]);

export const questionSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    ...common,
    kind: z.literal("text"),
    nida: z.enum(NIDA_FACTS).optional(),
    minLength: z.int().min(1).max(200).optional(),
    maxLength: z.int().min(1).max(200).default(100),
    /** A regular expression the whole answer must match, with the error a citizen reads when it does not. */
    pattern: z.string().min(1).max(200).optional(),
    patternError: bilingual.optional(),
  }),
  z.strictObject({ ...common, kind: z.literal("longText"), maxLength: z.int().min(1).max(5000).default(1000) }),
  z.strictObject({
    ...common,
    kind: z.literal("number"),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(true),
    unit: shortBilingual.optional(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("date"),
    nida: z.literal("dateOfBirth").optional(),
    notBefore: dateLimit.optional(),
    notAfter: dateLimit.optional(),
  }),
  z.strictObject({ ...common, kind: z.literal("yesNo") }),
  z.strictObject({
    ...common,
    kind: z.literal("oneOf"),
    nida: z.literal("sex").optional(),
    options: z.array(option).min(2).max(60),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("manyOf"),
    options: z.array(option).min(2).max(30),
    minChoices: z.int().min(1).optional(),
    maxChoices: z.int().min(1).optional(),
  }),
  z.strictObject({ ...common, kind: z.literal("phone"), nida: z.literal("phone").optional() }),
  z.strictObject({ ...common, kind: z.literal("email") }),
  z.strictObject({ ...common, kind: z.literal("regionDistrict"), nida: z.enum(["placeOfBirth", "residence"]).optional() }),
  z.strictObject({
    ...common,
    kind: z.literal("document"),
    accept: z.array(z.enum(DOCUMENT_TYPES)).min(1),
    maxBytes: z.int().min(1024).max(MAX_DOCUMENT_BYTES),
  }),
  /** A statement the citizen must tick to go on; its label is the statement. Always required. */
  z.strictObject({ ...common, kind: z.literal("declaration"), required: z.literal(true) }),
]);
export type Question = z.infer<typeof questionSchema>;
export type QuestionInput = z.input<typeof questionSchema>;

export const pageSchema = z.strictObject({
  // "check" is the check-your-answers page's own address.
  id: questionId.refine((id) => id !== "check" && id !== "document", "check and document are the portal's own pages"),
  title: shortBilingual,
  hint: bilingual.optional(),
  /** The page is shown only if this holds (every question on it is then skipped). */
  when: conditionSchema.optional(),
  questions: z.array(questionSchema).min(1).max(10),
});
export type FormPage = z.infer<typeof pageSchema>;

/**
 * When the application reaches the institution, for a listing with a fee the portal bills
 * (lib/payments/bills.ts payableFees):
 * - "none": no fee through the portal: handed over at submission;
 * - "before": the bill is made at submission, and the application is handed over once it is paid;
 * - "after": handed over at submission; the bill is made at once and paid later (the institution
 *   starts work and waits for the payment itself).
 */
export const paymentSchema = z.discriminatedUnion("when", [
  z.strictObject({ when: z.literal("none") }),
  z.strictObject({
    when: z.enum(["before", "after"]),
    feePosition: z.int().min(0).max(50),
    /** Where the fee depends on an answer (a first or a later replacement): a one-of question's options → fee positions. */
    byAnswer: z.strictObject({ question: questionId, fees: z.record(z.string(), z.int().min(0).max(50)) }).optional(),
  }),
]);

/** The position of the listing's fee this application pays, given its answers. */
export function feePositionFor(payment: Extract<FormPayment, { when: "before" | "after" }>, answers: Record<string, unknown>): number {
  const chosen = payment.byAnswer ? answers[payment.byAnswer.question] : undefined;
  return typeof chosen === "string" && payment.byAnswer?.fees[chosen] !== undefined ? payment.byAnswer.fees[chosen]! : payment.feePosition;
}
export type FormPayment = z.infer<typeof paymentSchema>;

const rawForm = z.strictObject({
  schemaVersion: z.literal(1),
  /** A few lines above the first question: what the application is, what to have at hand. */
  intro: bilingual,
  payment: paymentSchema,
  pages: z.array(pageSchema).min(1).max(40),
  /** Where the form's questions as a whole come from (a form the institution publishes). */
  sources: z.array(fieldSource).max(10).default([]),
});

/** Every question of a form, in order, with the page it is on. */
export function questionsOf(form: Pick<FormDefinition, "pages">): { page: FormPage; index: number; question: Question }[] {
  return form.pages.flatMap((page, index) => page.questions.map((question) => ({ page, index, question })));
}

/** A form definition, with the rules that span questions checked too. */
export const formSchema = rawForm.superRefine((form, ctx) => {
  const seenPages = new Set<string>();
  const seen = new Map<string, { page: number; question: Question }>();
  form.pages.forEach((page, pageIndex) => {
    if (seenPages.has(page.id))
      ctx.addIssue({ code: "custom", path: ["pages", pageIndex, "id"], message: `page id "${page.id}" is used twice` });
    seenPages.add(page.id);
    const checkCondition = (condition: Condition | undefined, path: (string | number)[]) => {
      if (!condition) return;
      const target = seen.get(condition.question);
      // Asked on this page or a later one: with scripts off the page could not follow it.
      if (!target || target.page >= pageIndex) {
        ctx.addIssue({ code: "custom", path, message: `the condition's question "${condition.question}" must be on an earlier page` });
        return;
      }
      const q = target.question;
      // Conditions do not chain: an answer to a question that may itself not be asked (or that
      // NIDA fills, and the citizen never gives) would keep a later page asked on a stale value.
      if (q.when || form.pages[target.page]!.when || ("nida" in q && q.nida)) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `the condition's question "${condition.question}" must always be asked and answered by the citizen (no condition of its own, not from NIDA)`,
        });
        return;
      }
      const fits =
        q.kind === "yesNo"
          ? typeof condition.equals === "boolean"
          : (q.kind === "oneOf" || q.kind === "manyOf") && q.options.some((o) => o.value === condition.equals);
      if (!fits)
        ctx.addIssue({ code: "custom", path, message: `the condition must be a yes/no or one of the options of "${condition.question}"` });
    };
    checkCondition(page.when, ["pages", pageIndex, "when"]);
    page.questions.forEach((question, questionIndex) => {
      const path = ["pages", pageIndex, "questions", questionIndex];
      checkCondition(question.when, [...path, "when"]);
      if (seen.has(question.id))
        ctx.addIssue({ code: "custom", path: [...path, "id"], message: `question id "${question.id}" is used twice` });
      if (question.kind === "text") {
        if (question.minLength !== undefined && question.minLength > question.maxLength)
          ctx.addIssue({ code: "custom", path: [...path, "minLength"], message: "minLength is above maxLength" });
        if (question.pattern !== undefined) {
          try {
            new RegExp(question.pattern, "u");
          } catch {
            ctx.addIssue({ code: "custom", path: [...path, "pattern"], message: "not a valid regular expression" });
          }
          if (!question.patternError)
            ctx.addIssue({ code: "custom", path: [...path, "patternError"], message: "a pattern needs the error citizens read" });
        }
      }
      if (question.kind === "number" && question.min !== undefined && question.max !== undefined && question.min > question.max)
        ctx.addIssue({ code: "custom", path: [...path, "min"], message: "min is above max" });
      if (question.kind === "date" && question.notBefore && question.notAfter) {
        const [a, b] = [question.notBefore, question.notAfter];
        if (a !== "today" && b !== "today" && a > b)
          ctx.addIssue({ code: "custom", path: [...path, "notBefore"], message: "notBefore is after notAfter" });
      }
      if (question.kind === "manyOf") {
        const { minChoices = 0, maxChoices = question.options.length } = question;
        if (minChoices > maxChoices || maxChoices > question.options.length)
          ctx.addIssue({ code: "custom", path: [...path, "maxChoices"], message: "choices limits do not fit the options" });
      }
      if (question.kind === "oneOf" || question.kind === "manyOf") {
        const values = question.options.map((o) => o.value);
        if (new Set(values).size !== values.length)
          ctx.addIssue({ code: "custom", path: [...path, "options"], message: "an option's value is used twice" });
      }
      if ("nida" in question && question.nida && question.when)
        ctx.addIssue({ code: "custom", path: [...path, "when"], message: "a NIDA fact is never asked, so it has no condition" });
      seen.set(question.id, { page: pageIndex, question });
    });
  });
  if (form.payment.when !== "none" && form.payment.byAnswer) {
    const { question, fees } = form.payment.byAnswer;
    const target = seen.get(question)?.question;
    if (target?.kind !== "oneOf" || !target.required)
      ctx.addIssue({
        code: "custom",
        path: ["payment", "byAnswer", "question"],
        message: `"${question}" must be a required one-of question`,
      });
    else if (
      target.options.some((o) => fees[o.value] === undefined) ||
      Object.keys(fees).some((v) => !target.options.some((o) => o.value === v))
    )
      ctx.addIssue({
        code: "custom",
        path: ["payment", "byAnswer", "fees"],
        message: "name a fee for each option of the question, and only those",
      });
    else if (target.when || form.pages.find((p) => p.questions.includes(target))?.when)
      ctx.addIssue({ code: "custom", path: ["payment", "byAnswer", "question"], message: "the fee's question must always be asked" });
  }
  const documents = form.pages.flatMap((page) => page.questions.flatMap((q) => (q.kind === "document" ? [q.maxBytes] : [])));
  if (documents.length > MAX_FORM_DOCUMENTS || documents.reduce((a, b) => a + b, 0) > MAX_FORM_DOCUMENT_BYTES)
    ctx.addIssue({
      code: "custom",
      path: ["pages"],
      message: `a form asks for ${MAX_FORM_DOCUMENTS} documents at most, whose limits add up to 20 MB at most`,
    });
  if (!form.pages.some((page) => page.questions.some((q) => q.kind === "declaration")))
    ctx.addIssue({ code: "custom", path: ["pages"], message: "a form ends with a declaration the citizen ticks" });
});

export type FormDefinition = z.infer<typeof formSchema>;
export type FormDefinitionInput = z.input<typeof formSchema>;

/** The readable reasons a definition is refused: "pages.2.questions.0.id: …". */
export function formProblems(input: unknown): string[] {
  const parsed = formSchema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `${issue.path.join(".") || "form"}: ${issue.message}`);
}
