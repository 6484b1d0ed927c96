"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { changeMostUsed, mostUsedChanges, type MostUsedChange } from "@/lib/editorial/most-used";
import { currentStaffActor } from "@/lib/security/permissions";
import { localeOf, text } from "@/lib/staff/pages";

/** Pins, hides, moves or lets go of one service in "most used"; changeMostUsed checks can.manageMostUsed. */
export async function changeMostUsedAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const here = `/${locale}/staff/admin/most-used`;
  const service = text(form.get("service")).slice(0, 100);
  const asked = text(form.get("change"));
  const change = mostUsedChanges.find((c) => c === asked) as MostUsedChange | undefined;
  if (!change) redirect(`${here}?problem=notFound`);
  const result = await changeMostUsed(await getDb(), await currentStaffActor(), service, change);
  const query = new URLSearchParams(result.ok ? { done: result.changed ? change : "unchanged", service } : { problem: result.refused });
  redirect(`${here}?${query}`);
}
