import { createHash, randomUUID, verify } from "node:crypto";
import { findTopLevelMember } from "./govesb.mjs";
import { nextPending, releaseHeld, sendCopy } from "./bus-push.mjs";
import { escapeHtml, page } from "./html.mjs";

/**
 * The institutions' own systems that take online applications, behind the bus, as fixed in
 * docs/protocols/govesb-applications.md. One module plays every institution in `institutions`
 * (slugs): each is the GovESB subscriber of push code `<pushCodePrefix><SLUG>`.
 *
 * - receive(bytes): a push the bus forwards, `{"data":{"pushCode":…,"esbBody":…},"signature":"…"}`
 *   as bytes. The bus's signature is verified over the exact bytes of `data` (the raw scanner)
 *   before anything in it is read: when it does not verify, `{ refused }`. Otherwise `{ esbBody }`,
 *   the back-end's answer: esbBody.Application is an application, esbBody.InformationReply the
 *   citizen's answer to "more information needed"; {"Code":"00","Message":"Accepted","Reference":…}
 *   or {"Code":"01","Message":"…why"} when a field is not as the protocol says. Both are
 *   idempotent: the same PortalReference (or PortalReference and RequestUpdateId) again is
 *   accepted with the same Reference and changes nothing.
 * - Status updates are pushed to the portal as bus messages, signed by the bus: POST portalUrl,
 *   `{"data":{"pushCode":updatesCode,"esbBody":{"Update":{…}}},"signature":"…"}`, retried until
 *   the portal answers 200 (1 s, 2 s, 4 s… at most 30 s apart, 20 tries), one application's
 *   updates in order. The portal's answer is verified with its public key when there is one.
 * - sendUpdate(fields): the tester page's and scripts' way to send a status, and two faults: the
 *   last update again (same UpdateId), and an older RECEIVED after a newer update.
 * - autoReceive: every new application gets a RECEIVED update at once (benchmarks, CI smoke).
 */
export const STATUSES = ["RECEIVED", "IN_REVIEW", "INFORMATION_NEEDED", "APPROVED", "REJECTED", "READY_FOR_COLLECTION", "COMPLETED"];
export const ANSWER_KINDS = [
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
];
export const MIME_TYPES = ["application/pdf", "image/jpeg", "image/png"];
export const FAULTS = ["repeat-last", "older"];

const PORTAL_REFERENCE = /^APP-[A-Z0-9]{4}-[A-Z0-9]{4}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const QUESTION_ID = /^[a-z][a-z0-9_]{0,39}$/;
const SHA256 = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
// A tester's datetime-local value (East Africa Time, no offset).
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const PHONE = /^255\d{9}$/;
const NIN = /^\d{20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const AMOUNT = /^\d{1,15}\.\d{2}$/;
const CONTROL_NUMBER = /^\d{6,20}$/;
const MAX_NOTE = 2000;
const MAX_ANSWERS = 400;
// East Africa Time, +03:00 all year.
const EAT_MS = 3 * 60 * 60 * 1000;

function isObject(value) {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}

function filled(value) {
  return typeof value === "string" && value.trim() !== "";
}

function validDate(text) {
  const match = typeof text === "string" && DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** ISO 8601 date and time with seconds optional and an offset (Z or ±hh:mm). */
function validDateTime(text) {
  const match = typeof text === "string" && DATE_TIME.exec(text);
  return Boolean(match) && validDate(match[1]) && !Number.isNaN(Date.parse(text));
}

/** A moment in East Africa Time, as the institutions write it: 2026-12-05T09:00:00+03:00. */
export function eatTime(ms = Date.now()) {
  return `${new Date(ms + EAT_MS).toISOString().slice(0, 19)}+03:00`;
}

/** ISO 8601 in UTC without milliseconds, for the page's and JSON's own times. */
function isoNow(ms = Date.now()) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function formatBytes(size) {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(2)} MB`;
}

/** The NIN shown on the page: every digit hidden but the last 4. */
export function maskNin(nin) {
  const text = String(nin ?? "");
  return text.length > 4 ? `${"*".repeat(text.length - 4)}${text.slice(-4)}` : text;
}

// ----- the tester page's words, in Swahili (the default) and English -----

const STATUS_LABELS = {
  sw: {
    RECEIVED: "Limepokelewa",
    IN_REVIEW: "Linashughulikiwa",
    INFORMATION_NEEDED: "Maelezo zaidi yanahitajika",
    APPROVED: "Limekubaliwa",
    REJECTED: "Limekataliwa",
    READY_FOR_COLLECTION: "Tayari kuchukuliwa",
    COMPLETED: "Limekamilika",
  },
  en: {
    RECEIVED: "Received",
    IN_REVIEW: "In review",
    INFORMATION_NEEDED: "Information needed",
    APPROVED: "Approved",
    REJECTED: "Rejected",
    READY_FOR_COLLECTION: "Ready for collection",
    COMPLETED: "Completed",
  },
};

const WORDS = {
  sw: {
    title: "Taasisi: maombi ya mtandaoni",
    intro: (portalUrl) =>
      `Maombi ambayo tovuti imekabidhi kwa mifumo ya taasisi kupitia GovESB (<code>POST /govesb/engine/esb/push-request</code>), ` +
      `mapya kwanza. Tuma hali mpya ya ombi kama taasisi ingefanya: GovESB inaipeleka kwa tovuti ` +
      `(<code>${escapeHtml(portalUrl)}</code>) na kurudia hadi tovuti ijibu 200. Pakia ukurasa upya kuona maendeleo ya uwasilishaji.`,
    asJson: "Kama JSON",
    otherLanguage: "English",
    autoOn: "Hali ya kiotomatiki imewashwa: kila ombi jipya linatumiwa hali ya Limepokelewa (RECEIVED) mara moja.",
    filterLabel: "Taasisi",
    all: "Zote",
    filter: "Chuja",
    none: "Hakuna maombi bado.",
    showing: (shown, total) => `Yanaonyeshwa maombi ${shown} mapya zaidi kati ya ${total}.`,
    institution: "Taasisi",
    service: "Huduma",
    form: "Fomu",
    version: "toleo",
    language: "Lugha ya mwombaji",
    languages: { sw: "Kiswahili", en: "Kiingereza" },
    applicant: "Mwombaji",
    nin: "Namba ya NIDA (NIN)",
    born: "Tarehe ya kuzaliwa",
    sex: "Jinsia",
    sexes: { M: "Mwanamume", F: "Mwanamke" },
    phone: "Simu",
    placeOfBirth: "Mahali alipozaliwa",
    residence: "Makazi",
    notRecorded: "haipo",
    answers: "Majibu",
    fromNida: "kutoka NIDA",
    yes: "Ndiyo",
    no: "Hapana",
    noAnswer: "hakujibu",
    documents: "Nyaraka",
    none_: "hakuna",
    payment: "Malipo",
    noPayment: "hakuna ada inayolipwa kupitia tovuti",
    payWhen: { before: "hulipwa kabla ombi halijakabidhiwa", after: "hulipwa baadaye" },
    paid: "imelipwa",
    unpaid: "bado haijalipwa",
    bill: "bili",
    controlNumber: "namba ya malipo",
    submitted: "Liliwasilishwa",
    received: "lilipokelewa hapa",
    replies: "Majibu ya mwananchi (maelezo zaidi)",
    replyTo: "jibu kwa swali",
    replied: "alijibu",
    updates: "Hali zilizotumwa kwa tovuti",
    sendStatus: "Tuma hali mpya",
    send: "Tuma",
    note: "Ujumbe kwa mwananchi (si lazima)",
    noteLabel: "Ujumbe kwa mwananchi",
    question: "Swali kwa mwananchi",
    reasons: "Sababu za kukataa",
    place: "Mahali pa kuchukua",
    from: "Kuanzia (saa za Afrika Mashariki)",
    until: "Hadi (si lazima)",
    collection: "Kuchukua",
    faults: "Majaribio ya hitilafu",
    repeat: "Tuma hali ya mwisho tena (UpdateId ileile)",
    older: "Tuma hali ya zamani baada ya mpya zaidi",
    faultHint:
      "Ya kwanza inatuma tena taarifa ya mwisho kama ilivyo: tovuti isiibadilishe mara ya pili. Ya pili inatuma Limepokelewa (RECEIVED) " +
      "yenye At ya dakika moja kabla ya taarifa ya mwisho na UpdateId mpya: tovuti iiweke kwenye historia bila kusogeza ombi.",
    faultNeedsUpdate: "Zinahitaji hali moja iliyokwisha tumwa.",
    repeatOf: "marudio ya",
    olderMark: "ya zamani: At kabla ya hali ya mwisho",
    at: "saa",
    tries: (n) => (n === 1 ? "jaribio 1" : `majaribio ${n}`),
    delivered: (at, tries) => `imefika ${at} baada ya ${tries}`,
    failed: (tries, error) => `imeshindwa: imeachwa baada ya ${tries}; kosa la mwisho: ${error}`,
    waitingPrevious: "inasubiri: hali iliyotangulia bado haijafika",
    held: "imezuiliwa (out-of-order): itatumwa hali ya basi ikirudi",
    pending: (tries) => `inasubiri: ${tries} hadi sasa`,
    next: (at) => `, jaribio lijalo ${at}`,
    sendingNow: ", inatumwa sasa",
    lastError: (error) => `; kosa la mwisho: ${error}`,
    earlierError: (error) => `; kosa la awali: ${error}`,
    answerVerified: "jibu la tovuti limethibitishwa",
    answerNotSuccess: (message) => `jibu la tovuti limethibitishwa, lakini success si true (${message})`,
    answerNotVerified: (detail) => `jibu la tovuti halijathibitishwa: ${detail}`,
    back: "Rudi kwenye ukurasa wa taasisi",
    error: "Haikutumwa",
  },
  en: {
    title: "Institutions: online applications",
    intro: (portalUrl) =>
      `Applications the portal handed over to the institutions' systems through GovESB (<code>POST /govesb/engine/esb/push-request</code>), ` +
      `newest first. Send an application's status as the institution would: GovESB pushes it to the portal ` +
      `(<code>${escapeHtml(portalUrl)}</code>), retrying until the portal answers 200. Reload to see delivery progress.`,
    asJson: "As JSON",
    otherLanguage: "Kiswahili",
    autoOn: "Automatic mode is on: every new application is sent a Received (RECEIVED) status at once.",
    filterLabel: "Institution",
    all: "All",
    filter: "Filter",
    none: "No applications yet.",
    showing: (shown, total) => `Showing the ${shown} newest of ${total} applications.`,
    institution: "Institution",
    service: "Service",
    form: "Form",
    version: "version",
    language: "Applicant's language",
    languages: { sw: "Swahili", en: "English" },
    applicant: "Applicant",
    nin: "NIDA number (NIN)",
    born: "Date of birth",
    sex: "Sex",
    sexes: { M: "Male", F: "Female" },
    phone: "Phone",
    placeOfBirth: "Place of birth",
    residence: "Residence",
    notRecorded: "none",
    answers: "Answers",
    fromNida: "from NIDA",
    yes: "Yes",
    no: "No",
    noAnswer: "not answered",
    documents: "Documents",
    none_: "none",
    payment: "Payment",
    noPayment: "no fee paid through the portal",
    payWhen: { before: "paid before the application is handed over", after: "paid later" },
    paid: "paid",
    unpaid: "not paid yet",
    bill: "bill",
    controlNumber: "control number",
    submitted: "Submitted",
    received: "received here",
    replies: "The citizen's replies (more information)",
    replyTo: "reply to the question",
    replied: "replied",
    updates: "Statuses sent to the portal",
    sendStatus: "Send a new status",
    send: "Send",
    note: "Note to the citizen (optional)",
    noteLabel: "Note to the citizen",
    question: "Question for the citizen",
    reasons: "Reasons for rejecting",
    place: "Collection place",
    from: "From (East Africa Time)",
    until: "Until (optional)",
    collection: "Collection",
    faults: "Fault tests",
    repeat: "Send the last update again (same UpdateId)",
    older: "Send an older update after a newer one",
    faultHint:
      "The first sends the last update again as it was: the portal must not apply it twice. The second sends Received (RECEIVED) " +
      "with an At one minute before the last update's and a fresh UpdateId: the portal should keep it in the timeline and move nothing.",
    faultNeedsUpdate: "Both need an update already sent.",
    repeatOf: "repeat of",
    olderMark: "older: At before the last update",
    at: "at",
    tries: (n) => (n === 1 ? "1 try" : `${n} tries`),
    delivered: (at, tries) => `delivered ${at} after ${tries}`,
    failed: (tries, error) => `failed: given up after ${tries}; last error: ${error}`,
    waitingPrevious: "pending: waiting for the update before it",
    held: "held back (out-of-order): sent, newest first, once the bus's mode is switched off",
    pending: (tries) => `pending: ${tries} so far`,
    next: (at) => `, next at ${at}`,
    sendingNow: ", sending now",
    lastError: (error) => `; last error: ${error}`,
    earlierError: (error) => `; earlier error: ${error}`,
    answerVerified: "answer verified",
    answerNotSuccess: (message) => `answer verified, but success is not true (${message})`,
    answerNotVerified: (detail) => `answer not verified: ${detail}`,
    back: "Back to the institutions page",
    error: "Not sent",
  },
};

/** Messages for refused tester requests, in both languages. */
function problem(status, sw, en) {
  return { status, message: { sw, en } };
}

/** The page's language: English with ?lang=en, Swahili otherwise. */
export function pageLanguage(value) {
  return value === "en" ? "en" : "sw";
}

export function createInstitutions({
  pushCodePrefix = "APPLICATIONS-SANDBOX-",
  institutions = ["rita", "brela", "tpf", "nida", "tra", "heslb"],
  portalUrl,
  updatesCode,
  autoReceive = false,
  retryBaseMs = 1000,
  retryMaxMs = 30_000,
  maxAttempts = 20,
  attemptTimeoutMs = 10_000,
  maxDocumentBytes = 5 * 1024 * 1024,
  maxDocuments = 10,
  maxApplications = 500,
  maxStoredBytes = 256 * 1024 * 1024,
  pageSize = 50,
  // (data) => `{"data":…,"signature":"…"}` signed by the bus (govesb.signedMessage).
  signedMessage,
  // () => the bus's public key (KeyObject): what a subscriber verifies the bus's messages with.
  busPublicKey,
  // () => { key } | { error }: the portal's public key, to verify its answers.
  portalPublicKey,
  // () => the bus's test mode (govesb.mjs): "duplicate-callback" sends each update twice at once,
  // "out-of-order" holds updates back until releaseHeld() sends them newest first.
  busMode = () => "normal",
}) {
  const slugs = new Map(institutions.map((slug) => [`${pushCodePrefix}${slug.toUpperCase()}`, slug]));
  const records = new Map(); // PortalReference -> record, oldest first
  const byReference = new Map(); // the institution's Reference -> record
  const documents = new Map(); // DocumentId (lower case) -> { record, document }
  const sequences = new Map(); // slug -> last number given
  let storedBytes = 0;
  let stopped = false;
  const timers = new Set();
  const inFlight = new Set(); // AbortControllers of deliveries under way

  /** The institution slug a push code names, or null. */
  function institutionFor(pushCode) {
    return typeof pushCode === "string" ? (slugs.get(pushCode) ?? null) : null;
  }

  // ----- checking what the portal sends -----

  /**
   * Checks every member of a Documents list; returns the decoded documents. `questions`: the ids
   * of the application's document answers (each document must answer one), or null for a reply
   * (whose documents answer no form question: Question is then an id or null).
   */
  function checkDocuments(problems, path, list, questions) {
    const decoded = [];
    if (!Array.isArray(list)) {
      problems.push(`${path} must be a list`);
      return decoded;
    }
    if (list.length > maxDocuments) problems.push(`${path} has ${list.length} documents: at most ${maxDocuments}`);
    const ids = new Set();
    list.forEach((document, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(document)) {
        problems.push(`${at} must be an object`);
        return;
      }
      let ok = true;
      const fail = (message) => {
        ok = false;
        problems.push(`${at}.${message}`);
      };
      const id = document.DocumentId;
      if (typeof id !== "string" || !UUID.test(id)) fail("DocumentId must be a UUID");
      else if (ids.has(id.toLowerCase())) fail(`DocumentId ${id} is repeated`);
      else ids.add(id.toLowerCase());
      if (questions) {
        if (typeof document.Question !== "string" || !QUESTION_ID.test(document.Question)) fail("Question must be a question id");
        else if (!questions.has(document.Question)) fail(`Question ${document.Question} is not a document question of the Answers`);
      } else if (document.Question !== null && (typeof document.Question !== "string" || !QUESTION_ID.test(document.Question))) {
        fail("Question must be a question id or null");
      }
      if (!filled(document.FileName)) fail("FileName is missing");
      else if (document.FileName.length > 255) fail("FileName is longer than 255 characters");
      if (!MIME_TYPES.includes(document.MimeType)) fail(`MimeType must be one of ${MIME_TYPES.join(", ")}`);
      if (!Number.isInteger(document.Size) || document.Size < 1) fail("Size must be a whole number of bytes, at least 1");
      else if (document.Size > maxDocumentBytes) {
        fail(`Size is larger than ${formatBytes(maxDocumentBytes)} (${formatBytes(document.Size)})`);
      }
      if (typeof document.Sha256 !== "string" || !SHA256.test(document.Sha256)) fail("Sha256 must be 64 hexadecimal digits");
      const base64 = document.Base64;
      let bytes = null;
      if (typeof base64 !== "string" || base64.length % 4 !== 0 || !BASE64.test(base64)) fail("Base64 is not base64");
      else {
        const size = (base64.length / 4) * 3 - (base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0);
        if (size === 0) fail("Base64 is empty");
        else if (size > maxDocumentBytes) fail(`Base64 decodes to more than ${formatBytes(maxDocumentBytes)} (${formatBytes(size)})`);
        else bytes = Buffer.from(base64, "base64");
      }
      if (bytes) {
        if (Number.isInteger(document.Size) && document.Size !== bytes.length) {
          fail(`Size is ${document.Size} but Base64 decodes to ${bytes.length} bytes`);
        }
        const sha256 = createHash("sha256").update(bytes).digest("hex");
        if (typeof document.Sha256 === "string" && SHA256.test(document.Sha256) && document.Sha256.toLowerCase() !== sha256) {
          fail("Sha256 does not match the decoded bytes");
        }
        if (ok) {
          decoded.push({
            documentId: id.toLowerCase(),
            question: document.Question ?? null,
            fileName: document.FileName,
            mimeType: document.MimeType,
            size: bytes.length,
            sha256,
            bytes,
          });
        }
      }
    });
    return decoded;
  }

  /** The problems with one answer's Value for its Kind (null: not answered, or not in the NIDA record). */
  function checkValue(problems, at, answer, documentIds) {
    const value = answer.Value;
    if (value === undefined) return problems.push(`${at}.Value is missing (null when not answered)`);
    if (value === null) return;
    const place = (v, withWardVillage) =>
      isObject(v) &&
      filled(v.Region) &&
      v.Region.length <= 100 &&
      filled(v.District) &&
      v.District.length <= 100 &&
      (!withWardVillage ||
        ["Ward", "Village"].every((k) => v[k] === undefined || v[k] === null || (typeof v[k] === "string" && v[k].length <= 100)));
    switch (answer.Kind) {
      case "text":
        if (typeof value !== "string" || value.length > 500) problems.push(`${at}.Value must be text (500 characters at most)`);
        break;
      case "longText":
        if (typeof value !== "string" || value.length > 5000) problems.push(`${at}.Value must be text (5000 characters at most)`);
        break;
      case "oneOf":
        if (!filled(value) || value.length > 100) problems.push(`${at}.Value must be an option value`);
        break;
      case "phone":
        if (typeof value !== "string" || !PHONE.test(value)) problems.push(`${at}.Value must be a phone number 255 and 9 digits`);
        break;
      case "email":
        if (typeof value !== "string" || value.length > 254 || !EMAIL.test(value)) problems.push(`${at}.Value must be an email address`);
        break;
      case "date":
        if (!validDate(value)) problems.push(`${at}.Value must be a date YYYY-MM-DD`);
        break;
      case "number":
        if (typeof value !== "number" || !Number.isFinite(value)) problems.push(`${at}.Value must be a number`);
        break;
      case "yesNo":
        if (typeof value !== "boolean") problems.push(`${at}.Value must be true or false`);
        break;
      case "declaration":
        if (value !== true) problems.push(`${at}.Value must be true (a declaration is always ticked)`);
        break;
      case "manyOf":
        if (!Array.isArray(value) || value.length > 30 || !value.every((v) => filled(v) && v.length <= 100)) {
          problems.push(`${at}.Value must be a list of option values`);
        }
        break;
      case "regionDistrict":
        // A NIDA residence also carries Ward and Village.
        if (!place(value, true)) problems.push(`${at}.Value must be {"Region":"…","District":"…"}`);
        break;
      case "document":
        if (!isObject(value) || typeof value.DocumentId !== "string" || !UUID.test(value.DocumentId)) {
          problems.push(`${at}.Value must be {"DocumentId":"<uuid>"}`);
        } else if (!documentIds.has(value.DocumentId.toLowerCase())) {
          problems.push(`${at}.Value.DocumentId ${value.DocumentId} is not in Documents`);
        } else if (documentIds.get(value.DocumentId.toLowerCase()) !== answer.Id) {
          problems.push(`${at}.Value.DocumentId ${value.DocumentId} is a document of another question`);
        }
        break;
    }
  }

  function checkAnswers(problems, answers, documentIds) {
    const documentQuestions = new Set();
    if (!Array.isArray(answers)) {
      problems.push("Application.Answers must be a list");
      return documentQuestions;
    }
    if (answers.length > MAX_ANSWERS) problems.push(`Application.Answers has more than ${MAX_ANSWERS} answers`);
    const ids = new Set();
    answers.forEach((answer, i) => {
      const at = `Application.Answers[${i}]`;
      if (!isObject(answer)) return problems.push(`${at} must be an object`);
      if (typeof answer.Id !== "string" || !QUESTION_ID.test(answer.Id)) problems.push(`${at}.Id must be a question id`);
      else if (ids.has(answer.Id)) problems.push(`${at}.Id ${answer.Id} is repeated`);
      else ids.add(answer.Id);
      const label = answer.Label;
      if (!isObject(label) || !filled(label.sw) || !filled(label.en) || label.sw.length > 2000 || label.en.length > 2000) {
        problems.push(`${at}.Label must be {"sw":"…","en":"…"}`);
      }
      if (answer.FromNida !== undefined && answer.FromNida !== true) problems.push(`${at}.FromNida must be true when present`);
      if (!ANSWER_KINDS.includes(answer.Kind)) problems.push(`${at}.Kind must be one of ${ANSWER_KINDS.join(", ")}`);
      else {
        checkValue(problems, at, answer, documentIds);
        if (answer.Kind === "document" && typeof answer.Id === "string") documentQuestions.add(answer.Id);
      }
    });
    return documentQuestions;
  }

  function checkApplicant(problems, applicant) {
    const at = "Application.Applicant";
    if (!isObject(applicant)) return problems.push(`${at} is missing`);
    if (typeof applicant.Nin !== "string" || !NIN.test(applicant.Nin)) problems.push(`${at}.Nin must be 20 digits`);
    for (const key of ["FirstName", "Surname"]) {
      if (!filled(applicant[key]) || applicant[key].length > 100) problems.push(`${at}.${key} is missing`);
    }
    if (applicant.MiddleName !== null && (typeof applicant.MiddleName !== "string" || applicant.MiddleName.length > 100)) {
      problems.push(`${at}.MiddleName must be text`);
    }
    if (!validDate(applicant.DateOfBirth)) problems.push(`${at}.DateOfBirth must be a date YYYY-MM-DD`);
    if (applicant.Sex !== "M" && applicant.Sex !== "F" && applicant.Sex !== null) problems.push(`${at}.Sex must be "M", "F" or null`);
    if (applicant.Phone === undefined) problems.push(`${at}.Phone is missing (null when there is none)`);
    else if (applicant.Phone !== null && (typeof applicant.Phone !== "string" || !PHONE.test(applicant.Phone))) {
      problems.push(`${at}.Phone must be 255 and 9 digits, or null`);
    }
    const place = applicant.PlaceOfBirth;
    if (place === undefined) problems.push(`${at}.PlaceOfBirth is missing (null when NIDA has none)`);
    else if (place !== null && (!isObject(place) || !filled(place.Region) || !filled(place.District))) {
      problems.push(`${at}.PlaceOfBirth must be {"Region":"…","District":"…"} or null`);
    }
    const residence = applicant.Residence;
    if (residence === undefined) problems.push(`${at}.Residence is missing (null when NIDA has none)`);
    else if (residence !== null) {
      if (!isObject(residence) || !filled(residence.Region) || !filled(residence.District)) {
        problems.push(`${at}.Residence must be {"Region":"…","District":"…","Ward":…,"Village":…} or null`);
      } else {
        for (const key of ["Ward", "Village"]) {
          if (residence[key] === undefined) problems.push(`${at}.Residence.${key} is missing (null when NIDA has none)`);
          else if (residence[key] !== null && typeof residence[key] !== "string")
            problems.push(`${at}.Residence.${key} must be text or null`);
        }
      }
    }
  }

  function checkPayment(problems, payment) {
    const at = "Application.Payment";
    if (payment === undefined) return problems.push(`${at} is missing (null when no fee is billed through the portal)`);
    if (payment === null) return;
    if (!isObject(payment)) return problems.push(`${at} must be an object or null`);
    if (payment.When !== "before" && payment.When !== "after") problems.push(`${at}.When must be "before" or "after"`);
    if (!filled(payment.BillId) || payment.BillId.length > 50) problems.push(`${at}.BillId is missing`);
    if (payment.ControlNumber === undefined) problems.push(`${at}.ControlNumber is missing (null when there is none yet)`);
    else if (payment.ControlNumber !== null && (typeof payment.ControlNumber !== "string" || !CONTROL_NUMBER.test(payment.ControlNumber))) {
      problems.push(`${at}.ControlNumber must be digits, or null`);
    }
    if (typeof payment.Amount !== "string" || !AMOUNT.test(payment.Amount)) problems.push(`${at}.Amount must be text like "8000.00"`);
    if (payment.Currency !== "TZS") problems.push(`${at}.Currency must be "TZS"`);
    if (typeof payment.Paid !== "boolean") problems.push(`${at}.Paid must be true or false`);
    else if (payment.When === "before" && !payment.Paid)
      problems.push(`${at}.Paid must be true when When is "before" (handed over once paid)`);
  }

  /** The problems with an Application pushed to `slug` (empty when it is valid) and its decoded documents. */
  function checkApplication(app, slug) {
    const problems = [];
    if (typeof app.PortalReference !== "string" || !PORTAL_REFERENCE.test(app.PortalReference)) {
      problems.push("Application.PortalReference must be APP-XXXX-XXXX (capital letters and digits)");
    }
    const institution = app.Institution;
    if (!isObject(institution) || !filled(institution.Code) || !filled(institution.Name)) {
      problems.push("Application.Institution is missing (Code and Name)");
    } else if (institution.Code.toLowerCase() !== slug) {
      problems.push(`Application.Institution.Code is ${JSON.stringify(institution.Code)}, but this is ${slug}'s system`);
    }
    const service = app.Service;
    if (
      !isObject(service) ||
      typeof service.Id !== "string" ||
      !UUID.test(service.Id) ||
      !filled(service.Name) ||
      service.Name.length > 300
    ) {
      problems.push('Application.Service must be {"Id":"<uuid>","Name":"…"}');
    }
    const form = app.Form;
    if (!isObject(form) || typeof form.Id !== "string" || !UUID.test(form.Id) || !Number.isInteger(form.Version) || form.Version < 1) {
      problems.push('Application.Form must be {"Id":"<uuid>","Version":<a whole number from 1>}');
    }
    if (app.Language !== "sw" && app.Language !== "en") problems.push('Application.Language must be "sw" or "en"');
    checkApplicant(problems, app.Applicant);
    // DocumentId (lower case) -> the question it answers, for the document answers' check.
    const documentIds = new Map(
      (Array.isArray(app.Documents) ? app.Documents : [])
        .filter((d) => isObject(d) && typeof d.DocumentId === "string")
        .map((d) => [d.DocumentId.toLowerCase(), d.Question]),
    );
    const documentQuestions = checkAnswers(problems, app.Answers, documentIds);
    const decoded = checkDocuments(problems, "Application.Documents", app.Documents, documentQuestions);
    checkPayment(problems, app.Payment);
    if (!validDateTime(app.SubmittedAt)) problems.push("Application.SubmittedAt must be a date and time with its offset (ISO 8601)");
    return { problems, documents: decoded };
  }

  function checkReply(reply) {
    const problems = [];
    if (typeof reply.PortalReference !== "string" || !PORTAL_REFERENCE.test(reply.PortalReference)) {
      problems.push("InformationReply.PortalReference must be APP-XXXX-XXXX (capital letters and digits)");
    }
    if (!filled(reply.RequestUpdateId) || reply.RequestUpdateId.length > 100) problems.push("InformationReply.RequestUpdateId is missing");
    if (typeof reply.Text !== "string" || reply.Text.length > 5000)
      problems.push("InformationReply.Text must be text (5000 characters at most)");
    const decoded = checkDocuments(problems, "InformationReply.Documents", reply.Documents, null);
    if (typeof reply.Text === "string" && reply.Text.trim() === "" && Array.isArray(reply.Documents) && reply.Documents.length === 0) {
      problems.push("InformationReply has neither Text nor Documents");
    }
    if (!validDateTime(reply.RepliedAt)) problems.push("InformationReply.RepliedAt must be a date and time with its offset (ISO 8601)");
    return { problems, documents: decoded };
  }

  /** {"Code":"01"} with the problems (the first 20: enough to fix a client, short enough to log). */
  function refusal(problems) {
    const shown = problems.slice(0, 20).join("; ");
    return { Code: "01", Message: problems.length > 20 ? `${shown}; and ${problems.length - 20} more` : shown };
  }

  /** A DocumentId another application or reply already holds: refused (they are UUIDs). */
  function takenDocument(list, portalReference) {
    for (const document of list) {
      const held = documents.get(document.documentId);
      if (held && held.record.portalReference !== portalReference)
        return `DocumentId ${document.documentId} is already held by ${held.record.portalReference}`;
      if (held) return `DocumentId ${document.documentId} is already held by an earlier reply`;
    }
    return null;
  }

  // ----- receiving -----

  function nextReference(slug, now) {
    const number = (sequences.get(slug) ?? 0) + 1;
    sequences.set(slug, number);
    const year = new Date(now + EAT_MS).getUTCFullYear();
    return `${slug.toUpperCase()}-${year}-${String(number).padStart(6, "0")}`;
  }

  function keep(record, list) {
    for (const document of list) {
      documents.set(document.documentId, { record, document });
      storedBytes += document.size;
    }
  }

  function forget(record) {
    records.delete(record.portalReference);
    byReference.delete(record.reference);
    for (const document of [...record.documents, ...record.replies.flatMap((r) => r.documents)]) {
      if (documents.get(document.documentId)?.record === record) {
        documents.delete(document.documentId);
        storedBytes -= document.size;
      }
    }
  }

  function prune() {
    while (records.size > maxApplications || (storedBytes > maxStoredBytes && records.size > 1)) {
      forget(records.values().next().value);
    }
  }

  function receiveApplication(slug, app) {
    const { problems, documents: list } = checkApplication(app, slug);
    if (problems.length) return refusal(problems);
    const existing = records.get(app.PortalReference);
    if (existing) {
      if (existing.institution !== slug) {
        return { Code: "01", Message: `Application ${app.PortalReference} was already received by ${existing.institution}` };
      }
      return { Code: "00", Message: "Accepted", Reference: existing.reference };
    }
    const taken = takenDocument(list, app.PortalReference);
    if (taken) return { Code: "01", Message: taken };

    const now = Date.now();
    const record = {
      institution: slug,
      institutionName: app.Institution.Name,
      portalReference: app.PortalReference,
      reference: nextReference(slug, now),
      receivedAt: now,
      // The application as received, without the documents' base64 (their bytes are kept below).
      application: {
        ...app,
        Documents: app.Documents.map((d) => Object.fromEntries(Object.entries(d).filter(([key]) => key !== "Base64"))),
      },
      documents: list,
      replies: [],
      updates: [],
      sending: false,
    };
    records.set(record.portalReference, record);
    byReference.set(record.reference, record);
    keep(record, list);
    prune();
    if (autoReceive && records.has(record.portalReference)) addUpdate(record, { status: "RECEIVED" });
    return { Code: "00", Message: "Accepted", Reference: record.reference };
  }

  function receiveReply(slug, reply) {
    const { problems, documents: list } = checkReply(reply);
    if (problems.length) return refusal(problems);
    const record = records.get(reply.PortalReference);
    if (!record || record.institution !== slug) {
      return { Code: "01", Message: `No application ${reply.PortalReference} at ${slug}` };
    }
    const asked = record.updates.find((u) => u.updateId === reply.RequestUpdateId && u.status === "INFORMATION_NEEDED");
    if (!asked) {
      return {
        Code: "01",
        Message: `RequestUpdateId ${reply.RequestUpdateId} is not an INFORMATION_NEEDED update sent for ${reply.PortalReference}`,
      };
    }
    if (record.replies.some((r) => r.requestUpdateId === reply.RequestUpdateId)) {
      return { Code: "00", Message: "Accepted", Reference: record.reference };
    }
    const taken = takenDocument(list, reply.PortalReference);
    if (taken) return { Code: "01", Message: taken };
    record.replies.push({
      requestUpdateId: reply.RequestUpdateId,
      question: asked.wire.Question,
      text: reply.Text,
      documents: list,
      repliedAt: reply.RepliedAt,
      receivedAt: Date.now(),
    });
    keep(record, list);
    prune();
    return { Code: "00", Message: "Accepted", Reference: record.reference };
  }

  /**
   * A message forwarded by the bus, as bytes. `{ refused }` when it is not a message from the bus
   * (signature), or not for one of these systems; `{ esbBody }` (the back-end's answer) otherwise.
   */
  function receive(bytes) {
    let data;
    try {
      const span = findTopLevelMember(bytes, "data");
      const signatureSpan = findTopLevelMember(bytes, "signature");
      if (!span || bytes[span.start] !== 0x7b || !signatureSpan) return { refused: "not a signed bus message" };
      const signature = JSON.parse(Buffer.from(bytes.subarray(signatureSpan.start, signatureSpan.end)).toString("utf8"));
      const dataBytes = bytes.subarray(span.start, span.end);
      let verified = false;
      if (typeof signature === "string" && signature !== "") {
        try {
          verified = verify("sha256", dataBytes, { key: busPublicKey(), dsaEncoding: "der" }, Buffer.from(signature, "base64"));
        } catch {
          verified = false;
        }
      }
      if (!verified) return { refused: "the signature does not verify with the bus's public key" };
      data = JSON.parse(Buffer.from(dataBytes).toString("utf8"));
    } catch {
      return { refused: "not a signed bus message" };
    }
    const slug = institutionFor(data.pushCode);
    if (!slug) return { refused: `no applications system has push code ${JSON.stringify(data.pushCode ?? null)}` };
    const body = data.esbBody;
    const hasApplication = isObject(body) && body.Application !== undefined;
    const hasReply = isObject(body) && body.InformationReply !== undefined;
    if (hasApplication === hasReply) {
      return { esbBody: { Code: "01", Message: "esbBody must carry one Application or one InformationReply" } };
    }
    if (hasApplication) {
      if (!isObject(body.Application)) return { esbBody: { Code: "01", Message: "Application must be an object" } };
      return { esbBody: receiveApplication(slug, body.Application) };
    }
    if (!isObject(body.InformationReply)) return { esbBody: { Code: "01", Message: "InformationReply must be an object" } };
    return { esbBody: receiveReply(slug, body.InformationReply) };
  }

  // ----- status updates to the portal -----

  /** A new update (or a repeat of one: same UpdateId and content), queued behind the application's others. */
  function addUpdate(
    record,
    { status, note = null, question = null, reasons = null, collection = null, at = eatTime(), repeatOf = null, older = false },
  ) {
    const wire = repeatOf
      ? repeatOf.wire
      : {
          PortalReference: record.portalReference,
          Reference: record.reference,
          UpdateId: randomUUID(),
          Status: status,
          Note: note,
          Question: question,
          Reasons: reasons,
          Collection: collection,
          At: at,
        };
    const update = {
      updateId: wire.UpdateId,
      status: wire.Status,
      wire,
      repeatOf: repeatOf ? repeatOf.updateId : null,
      older,
      createdAt: isoNow(),
      delivery: {
        state: "pending",
        attempts: 0,
        lastError: null,
        lastAttemptAt: null,
        nextAttemptAt: null,
        deliveredAt: null,
        deliveredAtMs: null,
        answer: null, // { verified, detail }: what was made of the portal's answer
      },
    };
    record.updates.push(update);
    pump(record);
    return update;
  }

  function later(ms, fn) {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref?.();
    timers.add(timer);
  }

  /** Starts the application's next pending update (released ones newest first), unless one of its updates is under way. */
  function pump(record) {
    if (record.sending || stopped) return;
    const update = nextPending(record.updates);
    if (!update) return;
    record.sending = true;
    update.delivery.nextAttemptAt = isoNow();
    later(0, () => attempt(record, update));
  }

  /** What the portal's answer is worth: verified with its public key over the exact data bytes, or not. */
  function judgeAnswer(text) {
    const portal = portalPublicKey();
    if (!portal.key) return { verified: false, detail: portal.error };
    try {
      const bytes = Buffer.from(text, "utf8");
      const span = findTopLevelMember(bytes, "data");
      const signature = JSON.parse(text).signature;
      if (!span || typeof signature !== "string" || signature === "") return { verified: false, detail: "not a signed envelope" };
      const dataBytes = bytes.subarray(span.start, span.end);
      if (!verify("sha256", dataBytes, { key: portal.key, dsaEncoding: "der" }, Buffer.from(signature, "base64"))) {
        return { verified: false, detail: "the signature does not verify with the portal's public key" };
      }
      const data = JSON.parse(dataBytes.toString("utf8"));
      if (data?.success !== true) return { verified: true, success: false, detail: String(data?.message ?? "no message").slice(0, 200) };
      return { verified: true, success: true, detail: null };
    } catch {
      return { verified: false, detail: "not a signed envelope" };
    }
  }

  function answerText(answer, words = WORDS.en) {
    if (!answer) return "";
    if (!answer.verified) return words.answerNotVerified(answer.detail);
    return answer.success ? words.answerVerified : words.answerNotSuccess(answer.detail);
  }

  async function attempt(record, update) {
    if (stopped) return;
    const delivery = update.delivery;
    const first = delivery.attempts === 0;
    if (first && busMode() === "out-of-order") {
      // Held back; the submission's later updates are held behind it, and all go out newest first.
      delivery.state = "held";
      record.sending = false;
      pump(record);
      return;
    }
    const copies = first && busMode() === "duplicate-callback" ? 2 : 1;
    delivery.attempts += 1;
    delivery.lastAttemptAt = isoNow();
    delivery.nextAttemptAt = null;
    const controller = new AbortController();
    inFlight.add(controller);
    let error = null;
    try {
      const body = signedMessage({ pushCode: updatesCode, esbBody: { Update: update.wire } });
      const post = () =>
        fetch(portalUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body,
          signal: AbortSignal.any([controller.signal, AbortSignal.timeout(attemptTimeoutMs)]),
        });
      // The bus delivering twice at once: the copy is sent beside the first and not retried.
      const copy = copies === 2 ? sendCopy(post) : null;
      const response = await post();
      if (copy) delivery.copy = await copy;
      const text = await response.text();
      if (response.status === 200) delivery.answer = judgeAnswer(text);
      else error = `HTTP ${response.status}${text ? `: ${text.replace(/\s+/g, " ").slice(0, 200)}` : ""}`;
    } catch (caught) {
      if (stopped) return;
      error =
        caught?.name === "TimeoutError"
          ? `no answer within ${attemptTimeoutMs / 1000} s`
          : `${caught?.cause?.code ?? caught?.cause?.message ?? caught?.message ?? caught}`;
    } finally {
      inFlight.delete(controller);
    }
    if (stopped) return;
    if (!error) {
      delivery.state = "delivered";
      delivery.deliveredAtMs = Date.now();
      delivery.deliveredAt = isoNow(delivery.deliveredAtMs);
    } else {
      delivery.lastError = error;
      if (delivery.attempts < maxAttempts) {
        const wait = Math.min(retryBaseMs * 2 ** (delivery.attempts - 1), retryMaxMs);
        delivery.nextAttemptAt = isoNow(Date.now() + wait);
        later(wait, () => attempt(record, update));
        return;
      }
      delivery.state = "failed";
    }
    record.sending = false;
    pump(record);
  }

  // ----- the institution's side (tester page, scripts) -----

  function findRecord(reference) {
    if (!filled(reference)) return null;
    const key = reference.trim();
    return records.get(key) ?? byReference.get(key) ?? records.get(key.toUpperCase()) ?? byReference.get(key.toUpperCase()) ?? null;
  }

  /** A tester's date and time: ISO 8601 with an offset as given, or a datetime-local value taken as East Africa Time. */
  function collectionTime(value) {
    if (!filled(value)) return null;
    const text = value.trim();
    if (validDateTime(text)) return text;
    const match = LOCAL_DATE_TIME.exec(text);
    if (!match || !validDate(match[1])) return undefined;
    return `${text}${match[3] ? "" : ":00"}+03:00`;
  }

  function text(value) {
    return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
  }

  /**
   * Sends a status as the institution: fields { reference (the PortalReference or the
   * institution's Reference), status, note, question, reasons, place, from, until } or
   * { reference, fault: "repeat-last" | "older" }. { status: 200, record, update } or
   * { status: 400 | 404 | 409, message: { sw, en } }.
   */
  function sendUpdate(fields = {}) {
    if (!filled(fields.reference)) return problem(400, "Namba ya ombi (reference) haipo", "reference is missing");
    const record = findRecord(fields.reference);
    if (!record) return problem(404, `Hakuna ombi ${fields.reference}`, `No application ${fields.reference}`);
    const fault = text(fields.fault);
    if (fault) {
      if (!FAULTS.includes(fault))
        return problem(400, `fault lazima iwe mojawapo ya ${FAULTS.join(", ")}`, `fault must be one of ${FAULTS.join(", ")}`);
      const sent = record.updates.filter((u) => !u.repeatOf);
      if (!sent.length) {
        return problem(
          409,
          `Ombi ${record.portalReference} halijatumiwa hali yoyote bado`,
          `No update has been sent for ${record.portalReference} yet`,
        );
      }
      if (fault === "repeat-last") {
        const last = record.updates.at(-1);
        return { status: 200, record, update: addUpdate(record, { repeatOf: last }) };
      }
      const latest = Math.max(...sent.map((u) => Date.parse(u.wire.At)));
      return { status: 200, record, update: addUpdate(record, { status: "RECEIVED", at: eatTime(latest - 60_000), older: true }) };
    }
    const status = text(fields.status)?.toUpperCase() ?? null;
    if (!STATUSES.includes(status)) {
      return problem(400, `Hali (status) lazima iwe mojawapo ya ${STATUSES.join(", ")}`, `status must be one of ${STATUSES.join(", ")}`);
    }
    const note = text(fields.note);
    if (note && note.length > MAX_NOTE)
      return problem(400, `Ujumbe ni mrefu kuliko herufi ${MAX_NOTE}`, `note is longer than ${MAX_NOTE} characters`);
    const update = { status, note };
    if (status === "INFORMATION_NEEDED") {
      update.question = text(fields.question);
      if (!update.question) return problem(400, "Swali kwa mwananchi linahitajika", "question is required for INFORMATION_NEEDED");
      if (update.question.length > MAX_NOTE)
        return problem(400, `Swali ni refu kuliko herufi ${MAX_NOTE}`, `question is longer than ${MAX_NOTE} characters`);
    }
    if (status === "REJECTED") {
      update.reasons = text(fields.reasons);
      if (!update.reasons) return problem(400, "Sababu za kukataa zinahitajika", "reasons are required for REJECTED");
      if (update.reasons.length > MAX_NOTE)
        return problem(400, `Sababu ni ndefu kuliko herufi ${MAX_NOTE}`, `reasons are longer than ${MAX_NOTE} characters`);
    }
    if (status === "READY_FOR_COLLECTION") {
      const place = text(fields.place);
      if (!place) return problem(400, "Mahali pa kuchukua panahitajika", "place is required for READY_FOR_COLLECTION");
      if (place.length > 200) return problem(400, "Mahali ni refu kuliko herufi 200", "place is longer than 200 characters");
      const from = collectionTime(fields.from);
      if (!from) {
        return problem(
          400,
          "Tarehe na saa ya kuanzia (from) zinahitajika, kama 2026-12-10T08:00",
          "from is required for READY_FOR_COLLECTION, as 2026-12-10T08:00 (East Africa Time) or ISO 8601 with an offset",
        );
      }
      const until = collectionTime(fields.until);
      if (until === undefined) return problem(400, "Tarehe ya mwisho (until) si sahihi", "until is not a date and time");
      if (until && Date.parse(until) < Date.parse(from))
        return problem(400, "Hadi (until) iko kabla ya kuanzia (from)", "until is before from");
      update.collection = { Place: place, From: from, Until: until ?? null };
    }
    return { status: 200, record, update: addUpdate(record, update) };
  }

  // ----- JSON -----

  function documentJson(document) {
    return {
      documentId: document.documentId,
      question: document.question,
      fileName: document.fileName,
      mimeType: document.mimeType,
      size: document.size,
      sha256: document.sha256,
      url: documentPath(document),
    };
  }

  function updateJson(update) {
    const { state, attempts, lastError, lastAttemptAt, nextAttemptAt, deliveredAt, deliveredAtMs, answer, copy } = update.delivery;
    return {
      updateId: update.updateId,
      status: update.status,
      at: update.wire.At,
      repeatOf: update.repeatOf,
      older: update.older,
      createdAt: update.createdAt,
      update: update.wire,
      delivery: {
        state,
        attempts,
        lastError,
        lastAttemptAt,
        nextAttemptAt,
        deliveredAt,
        deliveredAtMs,
        answer: answer ? answerText(answer) : null,
        ...(copy ? { copy } : {}),
      },
    };
  }

  function recordJson(record) {
    return {
      institution: record.institution,
      portalReference: record.portalReference,
      reference: record.reference,
      receivedAt: record.receivedAt,
      application: record.application,
      documents: record.documents.map(documentJson),
      replies: record.replies.map((r) => ({
        requestUpdateId: r.requestUpdateId,
        text: r.text,
        documents: r.documents.map(documentJson),
        repliedAt: r.repliedAt,
        receivedAt: r.receivedAt,
      })),
      updates: record.updates.map(updateJson),
    };
  }

  function newestFirst(institution) {
    const all = Array.from(records.values()).reverse();
    return institution ? all.filter((r) => r.institution === institution) : all;
  }

  /** Every application kept, newest first (without the documents' bytes); `institution` filters. */
  function list(institution = null) {
    return newestFirst(institution).map(recordJson);
  }

  function documentPath(document) {
    return `/institutions/document/${encodeURIComponent(document.documentId)}`;
  }

  /** A document's bytes and headers, or null. */
  function documentFile(id) {
    const held = typeof id === "string" ? documents.get(id.toLowerCase()) : null;
    if (!held) return null;
    const { fileName, mimeType, size, bytes } = held.document;
    return { fileName, mimeType, size, bytes };
  }

  // ----- the tester page -----

  function placeText(value) {
    if (!isObject(value)) return "";
    return [value.Village, value.Ward, value.District, value.Region].filter((v) => filled(v)).join(", ");
  }

  function documentLink(document, e) {
    return (
      `<a href="${e(documentPath(document))}" download>${e(document.fileName)}</a> ` +
      `(${e(document.mimeType)}, ${e(formatBytes(document.size))}, SHA-256 <code>${e(document.sha256.slice(0, 12))}…</code>)`
    );
  }

  function valueHtml(answer, record, w, e) {
    const value = answer.Value;
    if (value === null || value === undefined) return `<em>${w.noAnswer}</em>`;
    switch (answer.Kind) {
      case "yesNo":
      case "declaration":
        return value ? w.yes : w.no;
      case "manyOf":
        return value.map(e).join(", ");
      case "regionDistrict":
        return e(placeText(value));
      case "document": {
        const document = record.documents.find((d) => d.documentId === String(value.DocumentId).toLowerCase());
        return document ? documentLink(document, e) : `<code>${e(value.DocumentId)}</code>`;
      }
      default:
        return e(String(value));
    }
  }

  function deliveryHtml(update, previousPending, w) {
    const d = update.delivery;
    const tries = w.tries(d.attempts);
    if (d.state === "delivered") {
      return `${w.delivered(d.deliveredAt, tries)}; ${answerText(d.answer, w)}${d.lastError ? w.earlierError(d.lastError) : ""}`;
    }
    if (d.state === "failed") return w.failed(tries, d.lastError);
    if (d.state === "held") return w.held;
    if (d.attempts === 0 && previousPending) return w.waitingPrevious;
    return (
      w.pending(tries) +
      (d.nextAttemptAt && d.attempts > 0 ? w.next(d.nextAttemptAt) : w.sendingNow) +
      (d.lastError ? w.lastError(d.lastError) : "")
    );
  }

  function updateHtml(update, index, record, lang, w, e) {
    const u = update.wire;
    const previousPending = record.updates.slice(0, index).some((p) => p.delivery.state === "pending");
    const details = [
      u.Note && `${w.noteLabel}: ${e(u.Note)}`,
      u.Question && `${w.question}: ${e(u.Question)}`,
      u.Reasons && `${w.reasons}: ${e(u.Reasons)}`,
      u.Collection &&
        `${w.collection}: ${e(u.Collection.Place)}, ${e(u.Collection.From)}${u.Collection.Until ? ` – ${e(u.Collection.Until)}` : ""}`,
    ].filter(Boolean);
    const marks = [update.repeatOf && `${w.repeatOf} <code>${e(update.repeatOf)}</code>`, update.older && w.olderMark].filter(Boolean);
    return (
      `<li><strong>${e(u.Status)}</strong> (${e(STATUS_LABELS[lang][u.Status])}) <code>${e(u.UpdateId)}</code>, At ${e(u.At)}` +
      (marks.length ? ` <em>[${marks.join("; ")}]</em>` : "") +
      (details.length ? `<br><span class="msg">${details.join("<br>")}</span>` : "") +
      `<br>${e(deliveryHtml(update, previousPending, w))}</li>`
    );
  }

  function formsHtml(record, lang, filter, w, e) {
    const label = (status) => `${e(STATUS_LABELS[lang][status])} (${status})`;
    const hidden =
      `<input type="hidden" name="reference" value="${e(record.portalReference)}">` +
      `<input type="hidden" name="lang" value="${lang}">` +
      (filter ? `<input type="hidden" name="filter" value="${e(filter)}">` : "");
    const form = (inner) => `<form method="post" action="/institutions/update">${hidden}${inner}</form>`;
    const status = (value) => `<input type="hidden" name="status" value="${value}">`;
    const noUpdate = !record.updates.length;
    return (
      `<h3>${w.sendStatus}</h3>` +
      form(
        ["RECEIVED", "IN_REVIEW", "COMPLETED"]
          .map((s) => `<button type="submit" name="status" value="${s}">${w.send}: ${label(s)}</button>`)
          .join(" "),
      ) +
      form(
        `${status("INFORMATION_NEEDED")}<p><label>${w.question}<br><textarea name="question" rows="3" cols="70" maxlength="${MAX_NOTE}" required></textarea></label></p>` +
          `<p><button type="submit">${w.send}: ${label("INFORMATION_NEEDED")}</button></p>`,
      ) +
      form(
        `${status("APPROVED")}<p><label>${w.note}<br><textarea name="note" rows="2" cols="70" maxlength="${MAX_NOTE}"></textarea></label></p>` +
          `<p><button type="submit">${w.send}: ${label("APPROVED")}</button></p>`,
      ) +
      form(
        `${status("REJECTED")}<p><label>${w.reasons}<br><textarea name="reasons" rows="3" cols="70" maxlength="${MAX_NOTE}" required></textarea></label></p>` +
          `<p><button type="submit">${w.send}: ${label("REJECTED")}</button></p>`,
      ) +
      form(
        `${status("READY_FOR_COLLECTION")}<p><label>${w.place}<br><input name="place" size="50" maxlength="200" required></label></p>` +
          `<p><label>${w.from}<br><input type="datetime-local" name="from" required></label> ` +
          `<label>${w.until}<br><input type="datetime-local" name="until"></label></p>` +
          `<p><button type="submit">${w.send}: ${label("READY_FOR_COLLECTION")}</button></p>`,
      ) +
      `<h3>${w.faults}</h3><p>${w.faultHint}${noUpdate ? ` <strong>${w.faultNeedsUpdate}</strong>` : ""}</p>` +
      form(
        `<input type="hidden" name="fault" value="repeat-last"><button type="submit"${noUpdate ? " disabled" : ""}>${w.repeat}</button>`,
      ) +
      form(`<input type="hidden" name="fault" value="older"><button type="submit"${noUpdate ? " disabled" : ""}>${w.older}</button>`)
    );
  }

  function recordHtml(record, lang, filter) {
    const e = escapeHtml;
    const w = WORDS[lang];
    const app = record.application;
    const a = app.Applicant;
    const name = [a.FirstName, a.MiddleName, a.Surname].filter((v) => filled(v)).join(" ");
    const answers = app.Answers.map((answer) => {
      const labelText = answer.Label?.[lang] ?? answer.Label?.sw ?? answer.Id;
      const nida = answer.FromNida ? ` <small>(${w.fromNida})</small>` : "";
      return `<dt>${e(labelText)}${nida}</dt><dd class="msg">${valueHtml(answer, record, w, e)}</dd>`;
    }).join("");
    const documentsCell = record.documents.length
      ? `<ul>${record.documents.map((d) => `<li>${documentLink(d, e)} · <code>${e(d.question)}</code></li>`).join("")}</ul>`
      : w.none_;
    const p = app.Payment;
    const payment = p
      ? `${e(p.Amount)} ${e(p.Currency)}, ${w.payWhen[p.When]}; ${w.bill} <code>${e(p.BillId)}</code>` +
        (p.ControlNumber ? `, ${w.controlNumber} <code>${e(p.ControlNumber)}</code>` : "") +
        `; <strong>${p.Paid ? w.paid : w.unpaid}</strong>`
      : w.noPayment;
    const replies = record.replies.length
      ? `<ul>${record.replies
          .map(
            (r) =>
              `<li>${w.replyTo} <code>${e(r.requestUpdateId)}</code>` +
              (r.question ? ` («${e(r.question)}»)` : "") +
              `, ${w.replied} ${e(r.repliedAt)}:<br><span class="msg">${e(r.text)}</span>` +
              (r.documents.length ? `<ul>${r.documents.map((d) => `<li>${documentLink(d, e)}</li>`).join("")}</ul>` : "") +
              `</li>`,
          )
          .join("")}</ul>`
      : w.none_;
    const updates = record.updates.length
      ? `<ol>${record.updates.map((u, i) => updateHtml(u, i, record, lang, w, e)).join("")}</ol>`
      : w.none_;
    const ref = e(record.portalReference);
    return (
      `<section id="app-${ref}"><h2>${ref} · ${e(record.reference)}</h2><table><tbody>` +
      `<tr><th>${w.institution}</th><td>${e(record.institutionName)} (<code>${e(record.institution)}</code>)</td></tr>` +
      `<tr><th>${w.service}</th><td>${e(app.Service.Name)}<br><small>${w.form} <code>${e(app.Form.Id)}</code>, ${w.version} ${e(app.Form.Version)}</small></td></tr>` +
      `<tr><th>${w.applicant}</th><td>${e(name)}<br>${w.nin}: <code>${e(maskNin(a.Nin))}</code><br>` +
      `${w.born}: ${e(a.DateOfBirth)}; ${w.sex}: ${a.Sex === null ? w.notRecorded : e(w.sexes[a.Sex] ?? a.Sex)}; ${w.phone}: ${a.Phone ? e(a.Phone) : w.notRecorded}<br>` +
      `${w.placeOfBirth}: ${a.PlaceOfBirth ? e(placeText(a.PlaceOfBirth)) : w.notRecorded}<br>` +
      `${w.residence}: ${a.Residence ? e(placeText(a.Residence)) : w.notRecorded}</td></tr>` +
      `<tr><th>${w.language}</th><td>${e(w.languages[app.Language] ?? app.Language)}</td></tr>` +
      `<tr><th>${w.answers}</th><td>${answers ? `<dl>${answers}</dl>` : w.none_}</td></tr>` +
      `<tr><th>${w.documents}</th><td>${documentsCell}</td></tr>` +
      `<tr><th>${w.payment}</th><td>${payment}</td></tr>` +
      `<tr><th>${w.submitted}</th><td>${e(app.SubmittedAt)} (${w.received} ${e(isoNow(record.receivedAt))})</td></tr>` +
      `<tr><th>${w.replies}</th><td>${replies}</td></tr>` +
      `<tr><th>${w.updates}</th><td>${updates}</td></tr>` +
      `</tbody></table>${formsHtml(record, lang, filter, w, e)}</section>`
    );
  }

  /** The page's address with its language and filter kept. */
  function pagePath(lang, filter, hash = "") {
    const query = new URLSearchParams();
    if (lang === "en") query.set("lang", "en");
    if (filter) query.set("institution", filter);
    const text = query.toString();
    return `/institutions${text ? `?${text}` : ""}${hash}`;
  }

  /** Where a tester's form goes back to: the page, in its language and filter, at the application. */
  function backPath(lang, filter, portalReference) {
    const slug = institutions.includes(filter) ? filter : null;
    return pagePath(pageLanguage(lang), slug, portalReference ? `#app-${encodeURIComponent(portalReference)}` : "");
  }

  /** The tester page: `lang` "sw" (default) or "en"; `institution` a slug to filter by, or null. */
  function pageHtml({ lang: requested, institution } = {}) {
    const lang = pageLanguage(requested);
    const w = WORDS[lang];
    const e = escapeHtml;
    const filter = institutions.includes(institution) ? institution : null;
    const all = newestFirst(filter);
    const shown = all.slice(0, pageSize);
    const options = [`<option value="">${w.all}</option>`]
      .concat(
        institutions.map((slug) => `<option value="${e(slug)}"${slug === filter ? " selected" : ""}>${e(slug.toUpperCase())}</option>`),
      )
      .join("");
    const body =
      `<p><a href="${e(pagePath(lang === "sw" ? "en" : "sw", filter))}" lang="${lang === "sw" ? "en" : "sw"}">${w.otherLanguage}</a> · ` +
      `<a href="/institutions.json">${w.asJson}</a></p>` +
      `<p>${w.intro(portalUrl)}</p>` +
      (autoReceive ? `<p><strong>${w.autoOn}</strong></p>` : "") +
      `<form method="get" action="/institutions">${lang === "en" ? '<input type="hidden" name="lang" value="en">' : ""}` +
      `<label>${w.filterLabel} <select name="institution">${options}</select></label> <button type="submit">${w.filter}</button></form>` +
      (all.length > shown.length ? `<p>${w.showing(shown.length, all.length)}</p>` : "") +
      (shown.length ? shown.map((record) => recordHtml(record, lang, filter)).join("\n") : `<p>${w.none}</p>`);
    return page(
      w.title,
      body,
      "dt{font-weight:600}dd{margin:0 0 .5rem 1rem}.msg{white-space:pre-wrap;word-break:break-word}form{margin:.5rem 0}",
      { lang },
    );
  }

  /** The page shown when a tester's form is refused: what went wrong, in the page's language. */
  function errorHtml(result, { lang: requested, filter, reference } = {}) {
    const lang = pageLanguage(requested);
    const w = WORDS[lang];
    const record = findRecord(reference);
    return page(
      w.title,
      `<p><strong>${w.error}:</strong> ${escapeHtml(result.message[lang])}</p>` +
        `<p><a href="${escapeHtml(backPath(lang, filter, record?.portalReference))}">${w.back}</a></p>`,
      "",
      { lang },
    );
  }

  /** Stops every delivery (the server is closing). */
  function stop() {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const controller of inFlight) controller.abort();
    inFlight.clear();
  }

  return {
    institutionFor,
    receive,
    sendUpdate,
    list,
    recordJson,
    updateJson,
    documentFile,
    pageHtml,
    errorHtml,
    backPath,
    stop,
    /** The updates held back in the bus's out-of-order mode, sent now, newest first per application. */
    releaseHeld: () => releaseHeld(records.values(), pump),
    count: () => records.size,
  };
}
