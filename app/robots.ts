import type { MetadataRoute } from "next";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export default function robots(): MetadataRoute.Robots {
  return {
    // Search result pages and the API are for people and programs, not for indexes.
    rules: [{ userAgent: "*", allow: "/", disallow: ["/sw/search", "/en/search", "/api/"] }],
    sitemap: `${env().PORTAL_URL}/sitemap.xml`,
  };
}
