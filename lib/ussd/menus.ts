import type { TFunction } from "i18next";
import type { Catalogue } from "@/lib/catalogue/catalogue";
import { namedInstitutions, searchInstitutions, searchServices, servicesOfLifeEvent } from "@/lib/catalogue/catalogue";
import { formatAmount } from "@/lib/catalogue/format";
import type { CatalogueService } from "@/lib/catalogue/model";
import { factTrust, isMarked } from "@/lib/catalogue/trust";
import type { Locale } from "@/lib/i18n/config";
import { clip, pages, SCREEN_LIMIT, toGsm } from "./gsm";

/**
 * The USSD channel's menus, as a pure step: the session's state and the caller's latest answer
 * in, the next screen (at most 182 GSM-7 characters) and the new state out. Everything it needs
 * from outside (the catalogue, a bill, a feedback, sending an SMS) comes in `deps`, so that any
 * sequence of answers can be walked in tests without a database or a network.
 */

export type Screen =
  | { at: "main" }
  | { at: "askSearch" }
  | { at: "askInstitution" }
  | { at: "askControlNumber" }
  | { at: "askReference" }
  | { at: "fbKind" }
  | { at: "fbInstitution"; kind: FeedbackKind }
  | { at: "fbMessage"; kind: FeedbackKind; institutionId: string }
  | { at: "fbConfirm"; kind: FeedbackKind; institutionId: string; message: string }
  | {
      at: "list";
      of: "service" | "institution" | "lifeEvent" | "fbInstitution";
      title: "results" | "institutions" | "lifeEvents";
      ids: string[];
      page: number;
      kind?: FeedbackKind;
    }
  | { at: "service"; id: string; page: number };

export type FeedbackKind = "complaint" | "suggestion" | "inquiry" | "compliment";
const FEEDBACK_KINDS: FeedbackKind[] = ["complaint", "suggestion", "inquiry", "compliment"];
export type UssdState = { locale: Locale; stack: Screen[] };
export const START: UssdState = { locale: "sw", stack: [{ at: "main" }] };

export type BillSummary = { controlNumber: string; amount: string; currency: string; state: string; expiresOn: string | null };
export type FeedbackSummary = { reference: string; institution: string; status: string; date: string };

export type UssdDeps = {
  catalogue: Catalogue;
  t: (locale: Locale) => TFunction<"ussd">;
  today: string;
  billByControlNumber: (controlNumber: string, locale: Locale) => Promise<BillSummary | null>;
  /** The submission a reference names; "limited" past the caller's look-ups, whether or not it exists. */
  feedbackByReference: (reference: string, locale: Locale) => Promise<FeedbackSummary | "limited" | null>;
  /** Stores feedback from the caller's phone for the institution; gives its reference. */
  submitFeedback: (input: { kind: FeedbackKind; institutionId: string; message: string; locale: Locale }) => Promise<string>;
  /** Sends the service's details to the caller's phone; says whether it was queued. */
  smsService: (service: CatalogueService, locale: Locale) => Promise<"queued" | "limited" | "failed">;
};

export type Step = { screen: string; end: boolean; state: UssdState };

const MAX_ANSWER = 300;
const top = (state: UssdState) => state.stack[state.stack.length - 1] ?? { at: "main" as const };
const push = (state: UssdState, screen: Screen): UssdState => ({ ...state, stack: [...state.stack, screen].slice(-12) });
const replace = (state: UssdState, screen: Screen): UssdState => ({ ...state, stack: [...state.stack.slice(0, -1), screen] });

/** Lines in one screen, the footer kept whole and the body cut to what fits. */
function screenOf(body: string, footer: string[], hint = ""): string {
  const foot = footer.join("\n");
  const room = SCREEN_LIMIT - hint.length - (foot ? foot.length + 1 : 0);
  const text = `${hint}${clip(toGsm(body), room)}${foot ? `\n${foot}` : ""}`;
  return text.slice(0, SCREEN_LIMIT);
}

function nameOf(deps: UssdDeps, of: "service" | "institution" | "lifeEvent" | "fbInstitution", id: string, locale: Locale): string {
  if (of === "service") return deps.catalogue.serviceById.get(id)?.name[locale] ?? "";
  if (of === "institution" || of === "fbInstitution") {
    const institution = deps.catalogue.institutions.find((i) => i.id === id);
    return institution ? (institution.acronym ?? institution.name[locale]) : "";
  }
  return deps.catalogue.lifeEvents.find((e) => e.id === id)?.name[locale] ?? "";
}

/** The items of a list's page that fit one screen, numbered from 1; and whether more follow. */
function listPage(deps: UssdDeps, screen: Extract<Screen, { at: "list" }>, locale: Locale, hint: string) {
  const t = deps.t(locale);
  const pagesOfList: string[][] = [];
  let index = 0;
  while (index < screen.ids.length && pagesOfList.length <= screen.page) {
    const footer = [t("more"), t("back")];
    let room = SCREEN_LIMIT - hint.length - t(screen.title).length - 1 - footer.join("\n").length - 1;
    const items: string[] = [];
    while (index < screen.ids.length && items.length < 9) {
      const line = `${items.length + 1} ${clip(toGsm(nameOf(deps, screen.of, screen.ids[index]!, locale)), 40)}`;
      if (line.length + 1 > room && items.length > 0) break;
      items.push(line);
      room -= line.length + 1;
      index++;
    }
    pagesOfList.push(items);
  }
  const items = pagesOfList[screen.page] ?? [];
  const before = pagesOfList.slice(0, screen.page).reduce((n, p) => n + p.length, 0);
  return { items, first: before, more: before + items.length < screen.ids.length };
}

function detailLines(deps: UssdDeps, service: CatalogueService, locale: Locale): string[] {
  const t = deps.t(locale);
  const provider = service.competentAuthority ?? service.institution;
  const lines = [
    service.name[locale],
    t("providedBy", { institution: provider.acronym ?? provider.name[locale] }),
    service.summary[locale],
  ];
  if (service.fees.length === 0) lines.push(service.feeNote ? `${t("fee")}: ${service.feeNote[locale]}` : t("noFee"));
  for (const fee of service.fees) {
    const marked = isMarked(factTrust(fee, service.sources, deps.today));
    lines.push(
      `${t("fee")}: ${fee.label[locale]} ${formatAmount(locale, fee.amount, fee.currency)}${marked ? ` ${t("unconfirmed")}` : ""}`,
    );
  }
  if (service.documents.length + service.requirements.length > 0) {
    lines.push(`${t("documents")}: ${[...service.documents, ...service.requirements].map((d) => d[locale]).join("; ")}`);
  }
  if (service.steps.length > 0) lines.push(`${t("apply")}: ${service.steps.map((s, i) => `${i + 1}. ${s[locale]}`).join(" ")}`);
  for (const channel of service.channels) {
    if (channel.kind === "online") lines.push(`${t("online")}: ${channel.url}`);
    else if (channel.kind === "phone") lines.push(`${t("phone")}: ${channel.number}`);
    else if (channel.kind === "ussd") lines.push(`USSD: ${channel.code}`);
    else if (channel.kind === "office")
      lines.push(`${t("office")}: ${channel.label[locale]}${channel.address ? `, ${channel.address[locale]}` : ""}`);
  }
  if (service.processingTime) lines.push(`${t("time")}: ${service.processingTime.text[locale]}`);
  return lines.map(toGsm);
}

function servicePages(deps: UssdDeps, service: CatalogueService, locale: Locale, hint: string): string[] {
  const t = deps.t(locale);
  // Room for the longest footer, whichever page this is.
  const footer = Math.max(`${t("more")}\n${t("back")}`.length, `${t("smsMe")}\n${t("back")}`.length);
  return pages(detailLines(deps, service, locale), SCREEN_LIMIT - hint.length - footer - 1);
}

/** The screen for where the caller is, with a one-line hint above it after a wrong answer. */
export function render(deps: UssdDeps, state: UssdState, hint = ""): string {
  const { locale } = state;
  const t = deps.t(locale);
  const here = top(state);
  switch (here.at) {
    case "main":
      return screenOf(t("main"), [], hint);
    case "askSearch":
    case "askInstitution":
    case "askControlNumber":
    case "askReference":
    case "fbKind":
    case "fbInstitution":
    case "fbMessage":
      return screenOf(t(here.at), [t("back")], hint);
    case "fbConfirm": {
      const institution = nameOf(deps, "institution", here.institutionId, locale);
      const frame = t("fbConfirm", { institution, message: "" });
      const room = SCREEN_LIMIT - hint.length - frame.length - t("back").length - 1;
      return screenOf(t("fbConfirm", { institution, message: clip(toGsm(here.message), Math.max(10, room)) }), [t("back")], hint);
    }
    case "list": {
      const { items, more } = listPage(deps, here, locale, hint);
      return screenOf(`${t(here.title)}\n${items.join("\n")}`, [...(more ? [t("more")] : []), t("back")], hint);
    }
    case "service": {
      const service = deps.catalogue.serviceById.get(here.id);
      if (!service) return screenOf(t("main"), [], hint);
      const all = servicePages(deps, service, locale, hint);
      const page = Math.min(here.page, all.length - 1);
      const last = page === all.length - 1;
      return `${hint}${all[page]}\n${last ? t("smsMe") : t("more")}\n${t("back")}`.slice(0, SCREEN_LIMIT);
    }
  }
}

const con = (deps: UssdDeps, state: UssdState, hint = ""): Step => ({ screen: render(deps, state, hint), end: false, state });
const end = (screen: string, state: UssdState): Step => ({ screen: clip(toGsm(screen), SCREEN_LIMIT), end: true, state });

/** One step: the caller's answer to the screen they were shown (null when the session starts). */
export async function step(deps: UssdDeps, state: UssdState, rawAnswer: string | null): Promise<Step> {
  if (rawAnswer === null) return con(deps, state);
  const t = deps.t(state.locale);
  const answer = rawAnswer.trim().slice(0, MAX_ANSWER);
  if (answer === "00") return con(deps, { ...state, stack: [{ at: "main" }] });
  if (answer === "0") return con(deps, state.stack.length > 1 ? { ...state, stack: state.stack.slice(0, -1) } : state);
  const wrong = () => con(deps, state, t("wrong"));
  const here = top(state);

  switch (here.at) {
    case "main": {
      const choices = new Map([
        ["1", "askSearch"],
        ["2", "lifeEvents"],
        ["3", "askInstitution"],
        ["4", "askControlNumber"],
        ["5", "fbKind"],
        ["6", "askReference"],
      ] as const);
      const choice = choices.get(answer as "1");
      if (answer === "7") return con(deps, { ...state, locale: state.locale === "sw" ? "en" : "sw" });
      if (choice === "lifeEvents") {
        const ids = deps.catalogue.lifeEvents.map((e) => e.id);
        return con(deps, push(state, { at: "list", of: "lifeEvent", title: "lifeEvents", ids, page: 0 }));
      }
      if (choice) return con(deps, push(state, { at: choice }));
      return wrong();
    }
    case "askSearch": {
      if (!answer) return con(deps, state, t("empty"));
      const found = searchServices(deps.catalogue, answer, 30, { locale: state.locale });
      if (found.length === 0) return con(deps, state, `${clip(toGsm(t("noResults", { query: answer })), 90)} `);
      return con(deps, push(state, { at: "list", of: "service", title: "results", ids: found.map((s) => s.id), page: 0 }));
    }
    case "askInstitution": {
      if (!answer) return con(deps, state, t("empty"));
      const found = searchInstitutions(deps.catalogue, answer, 20);
      const named = found.length ? found : namedInstitutions(deps.catalogue, answer, 20);
      const withServices = named.filter((i) => (deps.catalogue.servicesOfInstitution.get(i.id) ?? []).length > 0);
      if (withServices.length === 0) return con(deps, state, `${clip(toGsm(t("noInstitution", { query: answer })), 90)} `);
      return con(deps, push(state, { at: "list", of: "institution", title: "institutions", ids: withServices.map((i) => i.id), page: 0 }));
    }
    case "askControlNumber": {
      const number = answer.replace(/[\s-]/g, "");
      if (!/^\d{12}$/.test(number)) return con(deps, state, t("billBadNumber"));
      const bill = await deps.billByControlNumber(number, state.locale);
      if (!bill) return end(t("billNotFound", { number }), state);
      const stateWord = t(`billStates.${bill.state as "issued"}`, { defaultValue: bill.state });
      return end(
        t("bill", {
          number,
          amount: formatAmount(state.locale, bill.amount, bill.currency),
          state: stateWord,
          expiry: bill.expiresOn ? t("billExpires", { date: bill.expiresOn }) : "",
        }),
        state,
      );
    }
    case "askReference": {
      if (!answer) return con(deps, state, t("empty"));
      const found = await deps.feedbackByReference(answer, state.locale);
      if (found === "limited") return end(t("feedbackTooMany"), state);
      if (!found) return end(t("feedbackNotFound", { reference: clip(toGsm(answer), 30) }), state);
      return end(
        t("feedback", {
          reference: found.reference,
          institution: found.institution,
          status: t(`feedbackStatus.${found.status as "received"}`, { defaultValue: found.status }),
          date: found.date,
        }),
        state,
      );
    }
    case "fbKind": {
      const kind = /^[1-4]$/.test(answer) ? FEEDBACK_KINDS[Number(answer) - 1]! : null;
      return kind ? con(deps, push(state, { at: "fbInstitution", kind })) : wrong();
    }
    case "fbInstitution": {
      if (!answer) return con(deps, state, t("empty"));
      const found = searchInstitutions(deps.catalogue, answer, 20);
      const named = found.length ? found : namedInstitutions(deps.catalogue, answer, 20);
      if (named.length === 0) return con(deps, state, `${clip(toGsm(t("noInstitution", { query: answer })), 90)} `);
      const ids = named.map((i) => i.id);
      return con(deps, push(state, { at: "list", of: "fbInstitution", title: "institutions", ids, page: 0, kind: here.kind }));
    }
    case "fbMessage": {
      const message = toGsm(answer).replace(/\s+/g, " ").slice(0, 300);
      if (message.length < 10) return con(deps, state, t("fbTooShort"));
      return con(deps, push(state, { at: "fbConfirm", kind: here.kind, institutionId: here.institutionId, message }));
    }
    case "fbConfirm": {
      if (answer !== "1") return wrong();
      const reference = await deps.submitFeedback({
        kind: here.kind,
        institutionId: here.institutionId,
        message: here.message,
        locale: state.locale,
      });
      // Short enough that the reference always fits the screen.
      const institution = clip(toGsm(nameOf(deps, "institution", here.institutionId, state.locale)), 40);
      return end(t("fbSent", { institution, reference }), { ...state, stack: [{ at: "main" }] });
    }
    case "list": {
      const { items, first, more } = listPage(deps, here, state.locale, "");
      if (answer === "98") return more ? con(deps, replace(state, { ...here, page: here.page + 1 })) : wrong();
      const n = /^\d{1,2}$/.test(answer) ? Number(answer) : 0;
      if (n < 1 || n > items.length) return wrong();
      const id = here.ids[first + n - 1]!;
      if (here.of === "service") return con(deps, push(state, { at: "service", id, page: 0 }));
      if (here.of === "fbInstitution")
        return con(deps, push(state, { at: "fbMessage", kind: here.kind ?? "complaint", institutionId: id }));
      const services =
        here.of === "institution"
          ? (deps.catalogue.servicesOfInstitution.get(id) ?? [])
          : servicesOfLifeEvent(
              deps.catalogue,
              deps.catalogue.lifeEvents.find((e) => e.id === id)!,
              state.locale,
            );
      return con(deps, push(state, { at: "list", of: "service", title: "results", ids: services.map((s) => s.id), page: 0 }));
    }
    case "service": {
      const service = deps.catalogue.serviceById.get(here.id);
      if (!service) return con(deps, { ...state, stack: [{ at: "main" }] });
      const count = servicePages(deps, service, state.locale, "").length;
      const last = Math.min(here.page, count - 1) === count - 1;
      if (answer === "98" && !last) return con(deps, replace(state, { ...here, page: here.page + 1 }));
      if (answer === "1" && last) {
        const sent = await deps.smsService(service, state.locale);
        return end(t(sent === "queued" ? "smsQueued" : sent === "limited" ? "smsLimit" : "smsFailed"), state);
      }
      return wrong();
    }
  }
}
