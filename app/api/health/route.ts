import { databaseHandle } from "@/db";
import { ping } from "@/db/client";
import { log } from "@/lib/log";

// For load balancers and operators: 200 when the portal can reach its database, 503 when not.
export async function GET() {
  const headers = { "Cache-Control": "no-store" };
  try {
    const handle = await databaseHandle();
    await ping(handle.db);
    return Response.json({ status: "ok", database: handle.engine }, { headers });
  } catch (error) {
    log.error("health check failed", { error: error instanceof Error ? error.message : String(error) });
    return Response.json({ status: "unavailable" }, { status: 503, headers });
  }
}
