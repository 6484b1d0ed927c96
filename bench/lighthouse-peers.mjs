// Peers for bench/lighthouse.mjs: the portal's own words (read from its rendered pages) set in
// two other ways, served from this machine so that only the way a page is built differs.
//   govuk: GOV.UK Frontend (the govuk-frontend package's compiled CSS and JS, started with
//          initAll) in GOV.UK's page template: skip link, header, service navigation, main, footer.
//   plain: the floor. The same content with a few lines of inline CSS and no script at all.
// Pages are made at bench time and kept in memory; GOV.UK's files are served from node_modules.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createPageCompressor } from "../lib/http/page-compression.mjs";
import { root } from "../scripts/lib.mjs";

const GOVUK_DIST = path.join(root, "node_modules", "govuk-frontend", "dist", "govuk");

/**
 * Runs in the browser, on a portal page: its title, header, main content and footer as HTML
 * without the portal's classes, styles or scripts. The one class kept is for text meant only
 * for screen readers, renamed "visually-hidden" (each peer styles it its own way).
 */
function readPortalPage() {
  const clean = (element) => {
    const copy = element.cloneNode(true);
    for (const unwanted of copy.querySelectorAll("script, style, template, datalist")) unwanted.remove();
    for (const node of [copy, ...copy.querySelectorAll("*")]) {
      const hidden = node.classList.contains("sr-only");
      node.removeAttribute("class");
      node.removeAttribute("style");
      node.removeAttribute("list");
      if (hidden) node.setAttribute("class", "visually-hidden");
    }
    const walker = document.createTreeWalker(copy, NodeFilter.SHOW_COMMENT);
    const comments = [];
    while (walker.nextNode()) comments.push(walker.currentNode);
    for (const comment of comments) comment.remove();
    return copy;
  };
  const header = document.querySelector("header");
  const [home, ...headerLinks] = header.querySelectorAll("a");
  const [name, tagline] = home.querySelectorAll("span");
  const footer = document.querySelector("footer");
  const footerNav = footer.querySelector("nav");
  return {
    lang: document.documentElement.lang,
    title: document.title,
    description: document.querySelector('meta[name="description"]')?.content ?? "",
    skip: document.querySelector('a[href="#main"]')?.textContent.trim() ?? "",
    home: { href: home.getAttribute("href"), name: name.textContent.trim(), tagline: tagline?.textContent.trim() ?? "" },
    headerLinks: [...headerLinks].map((a) => ({
      href: a.getAttribute("href"),
      lang: a.getAttribute("lang"),
      html: clean(a).innerHTML,
      inNav: Boolean(a.closest("nav")),
      navLabel: a.closest("nav")?.getAttribute("aria-label") ?? "",
    })),
    main: clean(document.querySelector("main")).innerHTML,
    footerNavLabel: footerNav?.getAttribute("aria-label") ?? "",
    footerLinks: [...(footerNav?.querySelectorAll("a") ?? [])].map((a) => ({ href: a.getAttribute("href"), text: a.textContent.trim() })),
    footerHtml: [...footer.querySelectorAll("p")].filter((p) => !p.closest("nav")).map((p) => clean(p).innerHTML),
  };
}

/** What a portal page says: `page` is a Playwright page, `url` the portal page's address. */
export async function portalContent(page, url) {
  await page.goto(url);
  return page.evaluate(readPortalPage);
}

const escape = (text) => text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");

// GOV.UK Frontend's classes for the plain elements of a page's content.
const GOVUK_CLASSES = {
  h1: "govuk-heading-xl",
  h2: "govuk-heading-m",
  h3: "govuk-heading-s",
  p: "govuk-body",
  ul: "govuk-list",
  ol: "govuk-list govuk-list--number",
  a: "govuk-link",
  label: "govuk-label govuk-label--m",
  input: "govuk-input",
  textarea: "govuk-textarea",
  select: "govuk-select",
  table: "govuk-table",
  tr: "govuk-table__row",
  th: "govuk-table__header",
  td: "govuk-table__cell",
  dl: "govuk-summary-list",
};

/** Content HTML without classes, given GOV.UK's: hints, buttons and typography. */
function withGovukClasses(html) {
  return html
    .replaceAll('class="visually-hidden"', 'class="govuk-visually-hidden"')
    .replace(/<p (id="[^"]*-hint")/g, '<p class="govuk-hint" $1')
    .replace(/<button\b/g, '<button class="govuk-button" data-module="govuk-button"')
    .replace(
      /<(h1|h2|h3|p|ul|ol|a|label|input|textarea|select|table|tr|th|td|dl)(?=[\s>])(?![^>]*\bclass=)/g,
      (_, tag) => `<${tag} class="${GOVUK_CLASSES[tag]}"`,
    );
}

/** A page in GOV.UK's template (govuk-frontend's template.njk and its components' markup). */
export function govukPage(c) {
  const links = c.headerLinks.filter((link) => !link.inNav);
  const languages = c.headerLinks.filter((link) => link.inNav);
  return `<!DOCTYPE html>
<html lang="${c.lang}" class="govuk-template">
<head>
<meta charset="utf-8">
<title>${escape(c.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#1d70b8">
<meta name="description" content="${escape(c.description)}">
<link rel="stylesheet" href="/stylesheets/govuk-frontend.min.css">
<link rel="icon" sizes="48x48" href="/assets/images/favicon.ico">
<link rel="icon" sizes="any" href="/assets/images/favicon.svg" type="image/svg+xml">
<link rel="mask-icon" href="/assets/images/govuk-icon-mask.svg" color="#1d70b8">
<link rel="apple-touch-icon" href="/assets/images/govuk-icon-180.png">
<link rel="manifest" href="/assets/manifest.json">
</head>
<body class="govuk-template__body">
<script>document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');</script>
<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">${escape(c.skip)}</a>
<header class="govuk-template__header">
<div class="govuk-header"><div class="govuk-header__container govuk-width-container"><div class="govuk-header__logo"><a href="${c.home.href}" class="govuk-header__homepage-link">${escape(c.home.name)}</a></div></div></div>
<section aria-label="${escape(c.home.tagline)}" class="govuk-service-navigation" data-module="govuk-service-navigation">
<div class="govuk-width-container govuk-service-navigation__inlining-container">
<div class="govuk-service-navigation__container">
<span class="govuk-service-navigation__service-name"><span class="govuk-service-navigation__text">${escape(c.home.tagline)}</span></span>
<nav aria-label="Menu" class="govuk-service-navigation__wrapper">
<ul class="govuk-service-navigation__list" id="navigation">
${links.map((link) => `<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="${link.href}">${withGovukClasses(link.html)}</a></li>`).join("\n")}
</ul>
</nav>
</div>
${
  languages.length
    ? `<nav class="govuk-language-navigation" aria-label="${escape(languages[0].navLabel)}"><ul class="govuk-language-navigation__list">
${languages.map((link) => `<li class="govuk-language-navigation__list-item"><a class="govuk-language-navigation__link" href="${link.href}" rel="alternate" lang="${link.lang}" hreflang="${link.lang}">${withGovukClasses(link.html)}</a></li>`).join("\n")}
</ul></nav>`
    : ""
}
</div>
</section>
</header>
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
${withGovukClasses(c.main)}
</main>
</div>
<footer class="govuk-template__footer">
<div class="govuk-footer"><div class="govuk-width-container"><div class="govuk-footer__meta"><div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
<h2 class="govuk-visually-hidden">${escape(c.footerNavLabel)}</h2>
<ul class="govuk-footer__inline-list">
${c.footerLinks.map((link) => `<li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="${link.href}">${escape(link.text)}</a></li>`).join("\n")}
</ul>
<div class="govuk-footer__meta-custom">
${c.footerHtml.map((html) => `<p>${html.replace(/<a\b/g, '<a class="govuk-footer__link"')}</p>`).join("\n")}
</div>
</div></div></div></div>
</footer>
<script type="module" src="/javascripts/govuk-frontend.min.js"></script>
<script type="module">
import { initAll } from "/javascripts/govuk-frontend.min.js";
initAll();
</script>
</body>
</html>
`;
}

// The floor's whole stylesheet: readable type, the portal's colours, visible focus.
const PLAIN_CSS = `body{margin:0 auto;max-width:48rem;padding:0 1rem;font:1rem/1.5 system-ui,sans-serif;color:#0b0c0c}
a{color:#0b4f8a}a:visited{color:#4c2c92}:focus-visible{outline:3px solid #fd0}
header,footer{padding:1rem 0}footer{border-top:4px solid #0b5d2a;margin-top:2rem}
input,button{font:inherit;padding:.5rem}.visually-hidden:not(:focus){position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`;

/**
 * The same content with no framework and no script: the least a page can weigh. Its empty icon
 * spares the browser a request for /favicon.ico (which would be a 404, and a console error).
 */
export function plainPage(c) {
  const links = c.headerLinks.filter((link) => !link.inNav);
  const languages = c.headerLinks.filter((link) => link.inNav);
  return `<!DOCTYPE html>
<html lang="${c.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(c.title)}</title>
<meta name="description" content="${escape(c.description)}">
<link rel="icon" href="data:,">
<style>${PLAIN_CSS}</style>
</head>
<body>
<a href="#main" class="visually-hidden">${escape(c.skip)}</a>
<header>
<a href="${c.home.href}"><strong>${escape(c.home.name)}</strong></a> ${escape(c.home.tagline)}
${links.map((link) => `<a href="${link.href}">${link.html}</a>`).join("\n")}
${languages.length ? `<nav aria-label="${escape(languages[0].navLabel)}">${languages.map((link) => `<a href="${link.href}" lang="${link.lang}" hreflang="${link.lang}">${link.html}</a>`).join(" ")}</nav>` : ""}
</header>
<main id="main">
${c.main}
</main>
<footer>
<nav aria-label="${escape(c.footerNavLabel)}"><ul>
${c.footerLinks.map((link) => `<li><a href="${link.href}">${escape(link.text)}</a></li>`).join("\n")}
</ul></nav>
${c.footerHtml.map((html) => `<p>${html}</p>`).join("\n")}
</footer>
</body>
</html>
`;
}

const TYPES = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
};
const COMPRESSIBLE = new Set([".css", ".js", ".json", ".svg", ".ico"]);

/** GOV.UK Frontend's files at the paths its documentation uses. */
function govukFile(pathname) {
  if (pathname === "/stylesheets/govuk-frontend.min.css") return path.join(GOVUK_DIST, "govuk-frontend.min.css");
  if (pathname === "/javascripts/govuk-frontend.min.js") return path.join(GOVUK_DIST, "govuk-frontend.min.js");
  if (pathname.startsWith("/assets/") && !pathname.includes("..")) return path.join(GOVUK_DIST, pathname);
  return undefined;
}

/**
 * Serves `pages` (a Map of path to HTML) and GOV.UK Frontend's files on a free loopback port,
 * the way the portal serves its own: pages compressed whole by lib/http/page-compression.mjs
 * (brotli or gzip, as asked) and `no-cache`; files gzipped and cached for a year, `immutable`,
 * like `/_next/static`. Resolves with the base URL; the server stops when the bench exits.
 */
export async function startPeerServer(pages) {
  const compressor = createPageCompressor();
  const files = new Map();
  const server = http.createServer(async (req, res) => {
    const pathname = new URL(req.url ?? "/", "http://peer").pathname;
    const page = pages.get(pathname);
    if (page !== undefined) {
      const { body, encoding } = await compressor.compress(Buffer.from(page), req.headers["accept-encoding"]);
      res.writeHead(200, {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-cache",
        Vary: "Accept-Encoding",
        ...(encoding ? { "Content-Encoding": encoding } : {}),
      });
      res.end(body);
      return;
    }
    const file = govukFile(pathname);
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
      return;
    }
    const extension = path.extname(file);
    const gzip = COMPRESSIBLE.has(extension) && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
    const key = `${gzip}:${file}`;
    if (!files.has(key)) {
      const raw = fs.readFileSync(file);
      files.set(key, gzip ? gzipSync(raw, { level: 6 }) : raw);
    }
    res.writeHead(200, {
      "Content-Type": TYPES[extension] ?? "application/octet-stream",
      "Cache-Control": "public, max-age=31536000, immutable",
      Vary: "Accept-Encoding",
      ...(gzip ? { "Content-Encoding": "gzip" } : {}),
    });
    res.end(files.get(key));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  return `http://127.0.0.1:${server.address().port}`;
}
