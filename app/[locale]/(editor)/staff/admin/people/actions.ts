"use server";

import { z } from "zod";
import { address, staffAction, type Request } from "@/lib/actions/client";
import { currentCatalogue } from "@/lib/catalogue/current";
import { recordId } from "@/lib/editorial/schema";
import { can } from "@/lib/security/permissions";
import * as accounts from "@/lib/staff/accounts";
import { invitationLink } from "@/lib/staff/pages";
import { invitationForm } from "@/lib/staff/schema";

// Staff administration is for administrators (can.manageStaff).

const peoplePage = ({ locale }: Request) => `/${locale}/staff/admin/people`;

/** An administrator invites someone: the account and its one-time link, shown once to pass on. */
export const inviteStaff = staffAction.withState({
  name: "inviteStaff",
  namespace: "staff",
  problemsAt: ["people.problems", "problems"],
  permission: can.manageStaff,
  schema: async () => invitationForm((await currentCatalogue()).institutionBySlug),
  keep: ["email", "name", "role", "institution"],
  run: async (invitation, { db, actor, locale, t, text }) => {
    const result = await accounts.inviteStaff(db, actor.staffId, {
      email: invitation.email,
      name: invitation.name,
      role: invitation.role,
      institutionId: invitation.institution,
    });
    if (!result.ok) return { ...result, field: "email" };
    return {
      ok: true,
      // Ready for the next person of the same role and institution.
      values: { email: "", name: "", role: invitation.role, institution: text("institution") },
      link: invitationLink(locale, result.token),
      message: t("people.invited", { name: invitation.name }),
    };
  },
});

/** Clears an account's password and authenticator, ends its sessions and makes a new link. */
export const resetStaff = staffAction.withState({
  name: "resetStaff",
  namespace: "staff",
  problemsAt: ["problems"],
  permission: can.manageStaff,
  schema: z.object({ staffId: recordId }),
  run: async ({ staffId }, { db, actor, locale }) => {
    const token = await accounts.resetStaff(db, actor.staffId, staffId);
    return token ? { ok: true, link: invitationLink(locale, token) } : { ok: false, problem: "notFound" };
  },
});

/** Disables an account (its sessions end) or enables it again. */
export const setStaffDisabled = staffAction.redirecting({
  name: "setStaffDisabled",
  permission: can.manageStaff,
  schema: z.object({
    staffId: recordId,
    disable: z
      .string()
      .optional()
      .transform((disable) => disable === "yes"),
  }),
  back: peoplePage,
  run: async ({ staffId, disable }, context) => {
    // An administrator cannot lock themselves out.
    if (staffId === context.actor.staffId) return { ok: false, problem: "self" };
    await accounts.setStaffDisabled(context.db, context.actor.staffId, staffId, disable);
    return address(peoplePage(context), { done: disable ? "disabled" : "enabled" });
  },
});
