import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { services } from "@/db/schema";

/*
 * Pages whose existence depends on the database are checked here, in the proxy, before they
 * render: a page that calls notFound() itself reaches the browser as an empty shell that only
 * JavaScript fills in (vercel/next.js#62228). The proxy instead rewrites a missing listing to
 * an address no route claims, which Next serves, complete, from app/not-found.tsx with a 404.
 * (No "server-only" here: the proxy bundle is not a React server bundle, though it runs on the server.)
 */

const servicePage = /^\/services\/([^/]+)$/;

/** True when the path (after its language) names a listing that is not published. */
export async function isMissingListing(path: string): Promise<boolean> {
  const service = servicePage.exec(path);
  if (service) {
    const slug = decodeURIComponent(service[1]!);
    const db = await getDb();
    const rows = await db
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.slug, slug), eq(services.status, "published")))
      .limit(1);
    return rows.length === 0;
  }
  return false;
}

/** An address that no route claims: rewriting to it renders the translated 404 page. */
export const NOT_FOUND_PATH = "/_dirisha/not-found";
