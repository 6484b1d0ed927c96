// The day in Tanzania, which keeps East Africa Time (UTC+3) all year: what "today" means for the
// portal's counts and trust marks, and for the generation of its cache of rendered pages. Plain
// JavaScript: server.mjs uses it outside Next.js.
const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;

/**
 * The day in Tanzania at a moment, as YYYY-MM-DD.
 * @param {Date | number} [now]
 * @returns {string}
 */
export function tanzaniaDay(now = Date.now()) {
  return new Date(Number(now) + EAT_OFFSET_MS).toISOString().slice(0, 10);
}
