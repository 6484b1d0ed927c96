import "server-only";
import type { Database } from "@/db";
import type { CatalogueService } from "@/lib/catalogue/model";
import type { Locale } from "@/lib/i18n/config";
import { queueFor } from "@/lib/jobs/queue";
import { queueSms } from "@/lib/notifications/sms";
import { serviceSms } from "./sessions";

/**
 * A service's details by SMS to a phone the caller typed on the service page (the page's form;
 * USSD sends its own from the session): queued in a transaction of its own, so that it is sent
 * once the request is done. The phone is neither stored nor logged.
 */
export async function sendServiceDetails(db: Database, service: CatalogueService, phone: string, locale: Locale): Promise<boolean> {
  const boss = await queueFor(db);
  return db.transaction((tx) => queueSms(tx, boss, { to: phone, message: serviceSms(service, locale) }));
}
