import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db";
import { formVersions, services } from "@/db/schema";
import { bumpCatalogueVersion } from "./load";
import { formProblems, formSchema, type FormDefinition } from "@/lib/applications/form-schema";

/**
 * The application forms that ship with the catalogue (db/seed/forms/*.json), each
 * `{"service": <English slug>, "institution": <slug>, "form": <definition>}`: read and checked
 * by the one form schema, then published as version 1 of the listing's form where the listing has
 * no form yet. A form an institution has since changed (or withdrawn) in the editorial area is
 * never overwritten.
 */

const fileSchema = z.object({ service: z.string().min(1), institution: z.string().min(1), form: z.unknown() });
export type SeedForm = { file: string; service: string; institution: string; form: FormDefinition };

export function readFormFiles(dir: string): SeedForm[] {
  if (!fs.existsSync(dir)) return [];
  const problems: string[] = [];
  const forms = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name);
      const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
      if (!parsed.success) {
        problems.push(`${name}: not {service, institution, form}`);
        return [];
      }
      const formIssues = formProblems(parsed.data.form);
      if (formIssues.length) {
        problems.push(...formIssues.map((issue) => `${name}: ${issue}`));
        return [];
      }
      return [{ file: name, service: parsed.data.service, institution: parsed.data.institution, form: formSchema.parse(parsed.data.form) }];
    });
  if (problems.length) throw new Error(`Form files have problems:\n${problems.join("\n")}`);
  return forms;
}

/** Publishes each file's form for its listing where the listing has none; returns how many were added. */
export async function seedForms(db: Database, forms: SeedForm[]): Promise<number> {
  let added = 0;
  for (const seed of forms) {
    const [service] = await db
      .select({ id: services.id, institutionId: services.institutionId })
      .from(services)
      .where(eq(services.slugEn, seed.service));
    if (!service) throw new Error(`${seed.file}: no listing with the English slug "${seed.service}"`);
    const [existing] = await db.select({ id: formVersions.id }).from(formVersions).where(eq(formVersions.serviceId, service.id)).limit(1);
    if (existing) continue;
    // Two processes seeding at once: the one-published-form index lets one of them in.
    const inserted = await db
      .insert(formVersions)
      .values({
        serviceId: service.id,
        institutionId: service.institutionId,
        number: 1,
        state: "published",
        definition: seed.form,
        publishedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ id: formVersions.id });
    added += inserted.length;
  }
  // Pages that show "Apply online" follow the catalogue's version.
  if (added > 0) await bumpCatalogueVersion(db);
  return added;
}
