import { escapeHtml, page } from "./html.mjs";
import { CITIZENS, QUESTIONS, groupNin } from "./citizens.mjs";
import { createModeSwitch } from "./modes.mjs";

/**
 * NIDA behind the bus, as fixed in docs/protocols/govesb-nida.md (NIDA's real field names behind
 * GovESB are not public). `handle(payload)` takes esbBody.Payload and returns NIDA's esbBody:
 *
 * - Action PHONE: 130 with PhoneNumber; 131 bad NIN; 132 unknown NIN.
 * - Action DATA: 00 with Citizen (names, date of birth, Sex "M"/"F", nationality, phone, and
 *   PlaceOfBirth {Region, District} and Residence {Region, District, Ward, Village}); 131; 132.
 * - Action RQVerification without RQCode: starts a new question session for the NIN (120 with
 *   the first question); with RQCode and QNANSW: answers the question asked. Two right answers:
 *   00 with Citizen; right, more needed: 123 and the next question; wrong: 124 and the next
 *   question; the third wrong answer in the session: 122, and the session ends.
 * - Anything else: 01.
 *
 * Test switches (`/nida/_control`, `control`), applied by the bus to nida-request: normal; down
 * (the bus answers 503, as when NIDA is unreachable); slow (NIDA answers after `slowMs`); garbage
 * (the bus's signed success carries NIDA's gateway's error page as esbBody); bad-signature (the
 * bus's answers to nida-request are signed with a throwaway key).
 */
export const MODES = ["normal", "down", "slow", "garbage", "bad-signature"];
export const RIGHT_ANSWERS_NEEDED = 2;
export const WRONG_ANSWERS_ALLOWED = 2;

/** 20 digits whose first 8 are a real calendar date (YYYYMMDD), from 1900 up to today. */
export function isValidNin(nin) {
  if (typeof nin !== "string" || !/^\d{20}$/.test(nin)) return false;
  const year = Number(nin.slice(0, 4));
  const month = Number(nin.slice(4, 6));
  const day = Number(nin.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  return date.getTime() <= Date.now();
}

/** Answers are compared ignoring case, accents and surrounding whitespace. */
export function normaliseAnswer(value) {
  return String(value ?? "")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .trim()
    .toLocaleLowerCase("en");
}

function citizenRecord(c) {
  return {
    FirstName: c.firstName,
    MiddleName: c.middleName,
    Surname: c.surname,
    DateOfBirth: c.dateOfBirth,
    Sex: c.sex,
    Nationality: "Tanzanian",
    PhoneNumber: c.phone,
    PlaceOfBirth: c.placeOfBirth ? { Region: c.placeOfBirth.region, District: c.placeOfBirth.district } : null,
    Residence: c.residence
      ? { Region: c.residence.region, District: c.residence.district, Ward: c.residence.ward ?? null, Village: c.residence.village ?? null }
      : null,
  };
}

/** A place as the tester page shows it: village, ward, district, region (those it has). */
function place(value) {
  if (!value) return "";
  return [value.village, value.ward, value.district, value.region].filter(Boolean).join(", ");
}

function questionFields(code) {
  const q = QUESTIONS.find((item) => item.code === code);
  return { RQCode: q.code, EN: q.en, SW: q.sw };
}

export function createNida({ citizens = CITIZENS, sessionMinutes = 15, random = Math.random, slowMs = 12_000 } = {}) {
  const control = createModeSwitch(MODES, { slowMs });
  const byNin = new Map(citizens.map((c) => [c.nin, c]));
  // NIN -> { order: question codes not yet asked, current, right, wrong, expires }
  const sessions = new Map();

  function prune(now) {
    for (const [nin, s] of sessions) if (s.expires <= now) sessions.delete(nin);
  }

  function shuffledCodes(citizen) {
    const codes = QUESTIONS.map((q) => q.code).filter((code) => citizen.answers[code] !== undefined);
    for (let i = codes.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [codes[i], codes[j]] = [codes[j], codes[i]];
    }
    return codes;
  }

  function verification(citizen, payload) {
    const now = Date.now();
    prune(now);
    const nin = citizen.nin;
    if (payload.RQCode === undefined || payload.RQCode === null || payload.RQCode === "") {
      const order = shuffledCodes(citizen);
      const current = order.shift();
      sessions.set(nin, { order, current, right: 0, wrong: 0, expires: now + sessionMinutes * 60_000 });
      return { Code: "120", Message: "Questions loaded", ...questionFields(current) };
    }
    const session = sessions.get(nin);
    if (!session) return { Code: "01", Message: "No questions in progress for this NIN: start again" };
    if (String(payload.RQCode) !== session.current) {
      return { Code: "01", Message: `RQCode ${String(payload.RQCode)} is not the question asked (${session.current})` };
    }
    const right = normaliseAnswer(payload.QNANSW) === normaliseAnswer(citizen.answers[session.current]);
    if (right) session.right++;
    else session.wrong++;
    if (session.right >= RIGHT_ANSWERS_NEEDED) {
      sessions.delete(nin);
      return { Code: "00", Message: "Success", Citizen: citizenRecord(citizen) };
    }
    if (session.wrong > WRONG_ANSWERS_ALLOWED || session.order.length === 0) {
      sessions.delete(nin);
      return { Code: "122", Message: "Attempt limit reached" };
    }
    session.current = session.order.shift();
    return right
      ? { Code: "123", Message: "Previous answer correct", ...questionFields(session.current) }
      : { Code: "124", Message: "Previous answer wrong", ...questionFields(session.current) };
  }

  function handle(payload) {
    if (!payload || typeof payload !== "object" || Array.isArray(payload)) {
      return { Code: "01", Message: "Payload must be an object" };
    }
    const action = payload.Action;
    if (!["PHONE", "DATA", "RQVerification"].includes(action)) {
      return { Code: "01", Message: `Unknown Action ${JSON.stringify(action ?? null)}` };
    }
    if (!isValidNin(payload.NIN)) return { Code: "131", Message: "NIN invalid" };
    const citizen = byNin.get(payload.NIN);
    if (!citizen) return { Code: "132", Message: "NIN not found" };
    if (action === "PHONE") return { Code: "130", Message: "NIN valid", PhoneNumber: citizen.phone };
    if (action === "DATA") return { Code: "00", Message: "Success", Citizen: citizenRecord(citizen) };
    return verification(citizen, payload);
  }

  function citizensHtml() {
    const head = QUESTIONS.map(
      (q) => `<th>${escapeHtml(q.code)}: ${escapeHtml(q.en)}<br><span lang="sw">${escapeHtml(q.sw)}</span></th>`,
    ).join("");
    const rows = citizens
      .map((c) => {
        const answers = QUESTIONS.map((q) => `<td>${escapeHtml(c.answers[q.code] ?? "")}</td>`).join("");
        return (
          `<tr><td><code>${escapeHtml(groupNin(c.nin))}</code></td>` +
          `<td>${escapeHtml(`${c.firstName} ${c.middleName} ${c.surname}`)}</td>` +
          `<td>${escapeHtml(c.sex)}</td><td>${escapeHtml(c.dateOfBirth)}</td>` +
          `<td>${escapeHtml(c.phone)}</td>${answers}` +
          `<td>${escapeHtml(place(c.placeOfBirth))}</td><td>${escapeHtml(place(c.residence))}</td></tr>`
        );
      })
      .join("\n");
    return page(
      "NIDA citizens",
      `<p>The ${citizens.length} fictional citizens the sandbox's NIDA knows, reached through GovESB ` +
        `(<code>POST /govesb/engine/esb/nida-request</code>). Made up for tests and demos: none is a real person. ` +
        `Type a NIN with or without dashes in the portal. Answers are compared ignoring case, accents and surrounding spaces; ` +
        `${RIGHT_ANSWERS_NEEDED} right answers pass, the third wrong one ends the session.</p>` +
        `<table><thead><tr><th>NIN</th><th>Name</th><th>Sex</th><th>Born</th><th>Phone</th>${head}` +
        `<th>Place of birth (PlaceOfBirth)</th><th>Residence (Residence)</th></tr></thead>` +
        `<tbody>${rows}</tbody></table>`,
    );
  }

  return { handle, citizensHtml, sessionCount: () => sessions.size, control };
}
