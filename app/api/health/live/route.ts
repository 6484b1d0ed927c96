/** Liveness, for the orchestrator: the process answers. It asks nothing of the database (see ready). */
export function GET() {
  return Response.json({ status: "live" }, { headers: { "Cache-Control": "no-store" } });
}
