import { enhancementForFile } from "@/lib/enhancements";

type Context = { params: Promise<{ file: string }> };

/**
 * GET /enhance/suggest.<version>.js: one of the portal's own small scripts. The current version
 * is kept by browsers for a year (its address changes with it); a page from before a release
 * that asks for an older version gets the current script, revalidated every time.
 */
export async function GET(_request: Request, { params }: Context) {
  const found = enhancementForFile((await params).file);
  if (!found) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(found.script.body), {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": found.current ? "public, max-age=31536000, immutable" : "public, no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
