import { currentCatalogue } from "@/lib/catalogue/current";
import { pagedList, topicJson } from "@/lib/catalogue/open-data";
import { env } from "@/lib/env";

// GET /api/v1/life-events?page=&per_page=: life and business events.
export async function GET(request: Request) {
  const catalogue = await currentCatalogue();
  return pagedList(request, catalogue.lifeEvents, (e) =>
    topicJson(env().PORTAL_URL, "life-events", e, catalogue.servicesOfLifeEvent.get(e.id) ?? []),
  );
}
