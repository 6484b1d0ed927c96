import type { Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import { ProblemNotice } from "./ProblemNotice";

const problems = ["notFound", "forbidden", "wrongState", "incomplete", "noticeBoth", "noticeLong", "controlCharacters", "failed"] as const;
const dones = [
  "submit",
  "return",
  "publish",
  "discard",
  "withdraw",
  "notice",
  "clearNotice",
  "confirm",
  "factConfirmed",
  "factCorrected",
] as const;

/** The outcome of the last step, named in the address (?done=… or ?problem=…), in words. */
export function StaffNotices({ locale, query }: { locale: Locale; query: Record<string, string | string[] | undefined> }) {
  const t = getT(locale, "staff");
  const problem = problems.find((p) => p === query.problem);
  const done = dones.find((d) => d === query.done);
  return (
    <>
      <ProblemNotice title={t("errorSummary")} message={problem ? t(`problems.${problem}`) : null} />
      {done ? (
        <p role="status" className="mt-4 border-l-4 border-brand bg-green-50 p-3">
          {t(`done.${done}`)}
        </p>
      ) : null}
    </>
  );
}
