import type { NextConfig } from "next";
import { ACTION_BODY_LIMIT } from "./lib/http/action-guard.mjs";
import { FIXED_HEADERS } from "./lib/http/security-headers.mjs";

// server.mjs sets every response's security headers (lib/http/security-headers.mjs), its policy
// included; these are the fixed ones again for `next dev`, which runs without it.
const securityHeaders = FIXED_HEADERS.map(([key, value]) => ({ key, value }));

const FAVICON_CACHE = "public, max-age=2592000, stale-while-revalidate=31536000";

const nextConfig: NextConfig = {
  // The test run builds into its own folder, so that it never disturbs a portal already running.
  distDir: process.env.DIRISHA_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // The test run checks types in a step of its own (tsc) before it builds; it says so, and the
  // build need not check them again. Any other build checks them.
  typescript: { ignoreBuildErrors: process.env.DIRISHA_TYPES_CHECKED === "1" },
  reactStrictMode: true,
  // PGlite loads its WebAssembly and data files from its own package folder at run time;
  // bundling it would break those paths. pg is plain Node and needs no bundling either.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pg-boss"],
  experimental: {
    // Styles travel inside the first HTML response: on 2G a separate stylesheet costs a round trip.
    inlineCss: true,
    // A feedback form carries an attachment of up to 2 MB; larger photos must still reach the
    // action, which answers with the field's error and keeps the text. Past this limit server.mjs
    // answers 413 with a page of its own (lib/http/action-guard.mjs), before Next.js reads the body.
    serverActions: { bodySizeLimit: ACTION_BODY_LIMIT },
    proxyClientMaxBodySize: ACTION_BODY_LIMIT,
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // public/favicon.ico: every browser asks for it unbidden. Kept for a month, then checked
      // again in the background (a 304), so a phone almost never downloads it twice.
      { source: "/favicon.ico", headers: [{ key: "Cache-Control", value: FAVICON_CACHE }] },
    ];
  },
};

export default nextConfig;
