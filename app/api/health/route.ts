import { databaseEngine } from "@/lib/health";
import { log } from "@/lib/log";

// For load balancers and operators: 200 when the portal can reach its database, 503 when not.
export async function GET() {
  const headers = { "Cache-Control": "no-store" };
  try {
    return Response.json({ status: "ok", database: await databaseEngine() }, { headers });
  } catch (error) {
    log.error("health check failed", { error: error instanceof Error ? error.message : String(error) });
    return Response.json({ status: "unavailable" }, { status: 503, headers });
  }
}
