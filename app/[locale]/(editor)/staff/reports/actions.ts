"use server";

import { z } from "zod";
import { address, staffAction, type Request } from "@/lib/actions/client";
import { handleProblemReport } from "@/lib/editorial/problem-reports";
import { optionalNote, recordId } from "@/lib/editorial/schema";
import { can } from "@/lib/security/permissions";

/** The queue the report was handled from: its institution, and new or seen. */
const queuePage = ({ locale, text }: Request) =>
  address(`/${locale}/staff/reports`, { institution: text("institution").slice(0, 100), status: text("from") === "seen" ? "seen" : "new" });

/** Marks a problem report seen or resolved; handleProblemReport asks can.handleProblemReport of its institution. */
export const handleReport = staffAction.redirecting({
  name: "handleReport",
  permission: can.useEditorialArea,
  schema: z.object({
    reportId: recordId,
    status: z
      .string()
      .optional()
      .transform((status) => (status === "resolved" ? "resolved" : "seen")),
    resolution: optionalNote,
  }),
  back: queuePage,
  run: async ({ reportId, status, resolution }, context) => {
    const result = await handleProblemReport(context.db, context.actor, reportId, status, resolution);
    return result.ok ? address(queuePage(context), { done: status }) : result;
  },
});
