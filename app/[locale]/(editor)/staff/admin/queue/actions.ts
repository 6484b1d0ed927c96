"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { DEAD_LETTER_KINDS, dismiss, sendAgain } from "@/lib/jobs/dead-letters";
import { currentStaffActor } from "@/lib/security/permissions";
import { localeOf, text } from "@/lib/staff/pages";

const kindOf = (form: FormData) => DEAD_LETTER_KINDS.find((kind) => kind === text(form.get("kind")));

/** Sends one dead letter (or, without an id, every one of its kind) back to its queue; sendAgain checks can.operateQueue. */
export async function sendAgainAction(form: FormData): Promise<void> {
  const here = `/${localeOf(form)}/staff/admin/queue`;
  const kind = kindOf(form);
  if (!kind) redirect(`${here}?problem=notFound`);
  const id = text(form.get("id"));
  const result = await sendAgain(await getDb(), await currentStaffActor(), { kind, ...(id ? { id } : {}) });
  redirect(`${here}?${result.ok ? `done=sent&n=${result.count}` : `problem=${result.problem}`}`);
}

/** Takes one dead letter off the list without sending it; dismiss checks can.operateQueue. */
export async function dismissAction(form: FormData): Promise<void> {
  const here = `/${localeOf(form)}/staff/admin/queue`;
  const kind = kindOf(form);
  if (!kind) redirect(`${here}?problem=notFound`);
  const result = await dismiss(await getDb(), await currentStaffActor(), { kind, id: text(form.get("id")) });
  redirect(`${here}?${result.ok ? "done=dismissed" : `problem=${result.problem}`}`);
}
