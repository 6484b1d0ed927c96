import { env } from "@/lib/env";
import { DATA_SAVER_COOKIE } from "@/lib/data-saver";

const ONE_YEAR = 60 * 60 * 24 * 365;

/**
 * GET /api/data-saver?on=1&return=/sw/…: turns the data-saver mode on or off for this browser
 * (pages without scripts, see server.mjs) and goes back to the page the visitor was on.
 */
export function GET(request: Request) {
  const url = new URL(request.url);
  const on = url.searchParams.get("on") === "1";
  const back = url.searchParams.get("return") ?? "/";
  // Only a path on this site: never "//elsewhere" or "https://elsewhere".
  const safe = /^\/(?!\/)[^\s\\]*$/.test(back) ? back : "/";
  const secure = env().PORTAL_URL.startsWith("https://") ? "; Secure" : "";
  // A relative Location: behind a proxy the server's own idea of its host may not be the visitor's.
  return new Response(null, {
    status: 303,
    headers: {
      Location: safe,
      "Set-Cookie": `${DATA_SAVER_COOKIE}=${on ? "1" : "0"}; Path=/; Max-Age=${ONE_YEAR}; HttpOnly; SameSite=Lax${secure}`,
      "Cache-Control": "no-store",
    },
  });
}
