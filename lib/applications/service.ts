import "server-only";
import { getDb } from "@/db";
import { withDb } from "@/db/with-db";
import { currentCatalogue } from "@/lib/catalogue/current";
import * as applications from "./applications";

/** Applications for pages and route handlers: the functions of applications.ts on the process's database. */

export const publishedForm = withDb(applications.publishedForm);
export const applicationOfCitizen = withDb(applications.applicationOfCitizen);
export const applicationsOfCitizen = withDb(applications.applicationsOfCitizen);
export const ownsApplication = withDb(applications.ownsApplication);
export const applicationIdByReference = withDb(applications.applicationIdByReference);
export const documentOfCitizen = withDb(applications.documentOfCitizen);

// Which listings have a form, read once per catalogue version (publishing or withdrawing a form
// bumps it): every service page asks, and asking the database each time would cost every view.
let withForms: { version: number; ids: Set<string> } | undefined;

/** Whether a listing has a form citizens can fill in now ("Apply online" on its page). */
export async function hasPublishedForm(serviceId: string): Promise<boolean> {
  const { version } = await currentCatalogue();
  if (withForms?.version !== version) withForms = { version, ids: await applications.servicesWithForms(await getDb()) };
  return withForms.ids.has(serviceId);
}
