/**
 * Which page loads are a person looking at a service, for "most used". Robots (search engines,
 * link previews in chat apps, uptime monitors, scripts, headless browsers) and loads a browser
 * makes ahead of time in case the page is wanted (prefetch, prerender) are left out.
 *
 * `Save-Data: on` is not a reason to leave a load out: it is sent by people on small data bundles
 * (Opera Mini, Chrome's Lite mode, Android's data saver), the very visitors the portal's data
 * saver is for. Leaving them out would tilt the list away from them.
 */

/** Words that only robots' user agents contain. "cubot" (a phone maker) is removed first. */
const robotWords = [
  // Crawlers and search engines; "bot" closes most of their names (Googlebot, bingbot, ...).
  "bot\\b",
  "bot[/_;)-]",
  "crawl",
  "spider",
  "slurp",
  "scrap",
  "archive",
  "ia_archiver",
  "mediapartners",
  "adsbot",
  "apis-google",
  "feedfetcher",
  "google-",
  "googleother",
  "bingpreview",
  "petalsearch",
  "semrush",
  "ahrefs",
  "mj12",
  "bytespider",
  "gptbot",
  "chatgpt",
  "claude",
  "ccbot",
  "perplexity",
  "cohere",
  "diffbot",
  "nutch",
  "heritrix",
  "httrack",
  "wget",
  "curl",
  // Link previews in chat and social apps.
  "facebookexternalhit",
  "facebookcatalog",
  "meta-externalagent",
  "whatsapp/",
  "telegrambot",
  "skypeuripreview",
  "preview",
  "embedly",
  "vkshare",
  "iframely",
  "outbrain",
  "pinterestbot",
  // Monitoring, speed and validity checks.
  "monitor",
  "uptime",
  "pingdom",
  "statuscake",
  "site24x7",
  "newrelic",
  "datadog",
  "nagios",
  "zabbix",
  "blackbox",
  "probe",
  "checker",
  "validator",
  "lighthouse",
  "pagespeed",
  "gtmetrix",
  "webpagetest",
  // Headless and automated browsers, and programs fetching pages.
  "headless",
  "phantomjs",
  "selenium",
  "webdriver",
  "puppeteer",
  "playwright",
  "cypress",
  "python",
  "aiohttp",
  "httpx",
  "java/",
  "okhttp",
  "go-http-client",
  "axios",
  "node-fetch",
  "undici",
  "libwww",
  "lwp-",
  "http-client",
  "httpclient",
  "http_request",
  "guzzle",
  "ruby",
  "perl",
  "php/",
  "postman",
  "insomnia",
  "dart:io",
  "rest-client",
  "wappalyzer",
];
const robotPattern = new RegExp(robotWords.join("|"), "i");

/** True when the user agent is missing, blank or plainly a robot's. */
export function isRobot(userAgent: string | null | undefined): boolean {
  const agent = (userAgent ?? "").trim();
  if (agent.length < 8) return true;
  return robotPattern.test(agent.toLowerCase().replaceAll("cubot", ""));
}

/** True when the browser asks for the page ahead of time, not because the visitor opened it. */
export function isPrefetch(headers: Pick<Headers, "get">): boolean {
  const purposes = [headers.get("sec-purpose"), headers.get("purpose"), headers.get("x-purpose"), headers.get("x-moz")].map((v) =>
    (v ?? "").toLowerCase(),
  );
  if (purposes.some((v) => v.includes("prefetch") || v.includes("prerender") || v.includes("preview"))) return true;
  // Next's own router prefetches a page (or its segments) before a link is followed.
  return headers.get("next-router-prefetch") !== null || headers.get("next-router-segment-prefetch") !== null;
}

/** The user agent when this load is a person looking, or null when it is not to be counted. */
export function countableVisitor(headers: Pick<Headers, "get">): { userAgent: string } | null {
  const userAgent = headers.get("user-agent");
  if (isPrefetch(headers) || isRobot(userAgent)) return null;
  return { userAgent: userAgent!.trim() };
}
