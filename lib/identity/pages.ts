import "server-only";
import type { Locale } from "@/lib/i18n/config";
import { getT } from "@/lib/i18n/server";
import { safeReturn } from "./request";

const problems = [
  "empty", "notDigits", "length", "date", "notFound", "invalid", "locked", "unavailable", "rateLimited",
  "expired", "wrongCode", "codeFormat", "answerEmpty", "sessionGone", "signInFailed",
] as const;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** What every sign-in page reads from its address: where to go afterwards, and a problem to show. */
export async function signInPageContext(locale: Locale, searchParams: SearchParams) {
  const params = await searchParams;
  const one = (key: string) => {
    const value = params[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const name = one("problem");
  const t = getT(locale, "auth");
  const problem = problems.find((p) => p === name);
  return {
    returnTo: safeReturn(locale, one("return")),
    problem: problem ? t(`problems.${problem}`) : null,
    previous: one("previous"),
    t,
  };
}
