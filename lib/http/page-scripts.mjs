// Which scripts a page goes out with (decision 0006). Citizens' pages are complete server HTML:
// they are sent without the framework's scripts, preloads or hydration data, keeping only the
// portal's own small enhancements (<script data-enhancement>), and not even those for a visitor
// whose browser asks to save data. The staff area keeps the framework (office laptops, rich forms).

const PAGE = /^\/(sw|en)(\/|$)/;
const STAFF = /^\/(sw|en)\/staff(\/|$)/;

/** Whether a request is for a page of the staff area (office laptops: the framework's scripts kept). */
export function isStaffPage(req) {
  return STAFF.test((req.url ?? "/").split("?")[0]);
}

/** The value of one cookie of a request, or undefined. */
export function cookieOf(req, name) {
  const match = (req.headers.cookie ?? "").match(new RegExp(`(?:^|;\\s*)${name}=([^;]*)`));
  return match?.[1];
}

/**
 * "framework": everything Next renders (the staff area); "enhancements": only the portal's own
 * scripts (every citizens' page); "none": not even those (Save-Data: on, or the data-saver choice
 * a visitor made before it became the default, cookie dirisha_lite=1).
 */
export function scriptsFor(req) {
  const pathname = (req.url ?? "/").split("?")[0];
  if (!PAGE.test(pathname) || STAFF.test(pathname)) return "framework";
  if (cookieOf(req, "dirisha_lite") === "1") return "none";
  return (req.headers["save-data"] ?? "").toLowerCase() === "on" ? "none" : "enhancements";
}

const script = /<script\b([^>]*)>[\s\S]*?<\/script>/gi;
const scriptPreload = /<link\b[^>]*\b(?:rel="modulepreload"|as="script")[^>]*\/?>/gi;

/**
 * The page's HTML with only the scripts the policy allows: structured data (JSON-LD) always
 * stays, the portal's enhancements stay under "enhancements", nothing else executable does.
 */
export function withScripts(html, policy) {
  if (policy === "framework") return html;
  return html
    .replace(script, (whole, attributes) => {
      if (/\btype="application\/ld\+json"/i.test(attributes)) return whole;
      if (policy === "enhancements" && /\bdata-enhancement="[a-z]+"/.test(attributes)) return whole;
      return "";
    })
    .replace(scriptPreload, "");
}
