// The security headers of every response the portal sends (issue 21), set by server.mjs before
// anything else answers: pages, their errors, the open data, the callbacks, the load shedder's
// 503 and the copies sent from the cache of rendered pages alike. Plain JavaScript: server.mjs
// imports it outside Next.js; next.config.ts sets the fixed ones for `next dev`.
//
// The Content-Security-Policy admits no inline script. Citizens' pages carry none: the portal's
// few enhancements are files under /enhance/, and the framework's scripts are taken out
// (decision 0006), so their policy is the same for every response and a cached page keeps it.
// The staff area keeps the framework, whose inline scripts carry a nonce made for each response:
// Next.js reads it from the policy put on the request here and writes it into the page.
import { randomBytes } from "node:crypto";
import { isStaffPage } from "./page-scripts.mjs";

/**
 * Headers every response carries, whatever it is.
 * @type {Array<[string, string]>}
 */
export const FIXED_HEADERS = [
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ["X-Frame-Options", "DENY"],
  ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
];

/** The policy: scripts from the portal itself, and, in the staff area, inline ones with this nonce. */
export function contentSecurityPolicy({ nonce, https }) {
  return [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'` : "script-src 'self'",
    // Styles travel inside the page (next.config.ts inlineCss: one round trip less on 2G).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * Sets the response's security headers and, for a staff page, the nonce Next.js writes into its
 * scripts. `https`: the portal is served over HTTPS (production), which adds HSTS. A policy a
 * client put on its request is never believed.
 */
export function applySecurityHeaders(req, res, { https }) {
  for (const [name, value] of FIXED_HEADERS) res.setHeader(name, value);
  if (https) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  delete req.headers["content-security-policy"];
  delete req.headers["content-security-policy-report-only"];
  const nonce = isStaffPage(req) ? randomBytes(18).toString("base64") : undefined;
  const policy = contentSecurityPolicy({ nonce, https });
  // Next.js takes a page's script nonce from the policy on the request.
  if (nonce) req.headers["content-security-policy"] = policy;
  res.setHeader("Content-Security-Policy", policy);
}
