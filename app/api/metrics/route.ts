import { log } from "@/lib/log";
import { metricsAllowed, metricsText } from "@/lib/metrics";

/** Prometheus's scrape (text format), for operators only: a bearer token or an allowed address. */
export async function GET(request: Request) {
  if (!metricsAllowed(request.headers)) {
    log.warn("metrics refused", {});
    return new Response("Forbidden", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  try {
    const { contentType, body } = await metricsText();
    return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
  } catch (error) {
    log.error("metrics could not be read", { error: error instanceof Error ? error.message : String(error) });
    return new Response("Unavailable", { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
