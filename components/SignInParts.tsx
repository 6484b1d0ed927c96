import type { TFunction } from "i18next";
import type { Locale } from "@/lib/i18n/config";

/** What a citizen whose NIN is paused can still do: plain links, nothing that needs scripts. */
export function PausedHelp({ locale, t }: { locale: Locale; t: TFunction<"auth"> }) {
  return (
    <section aria-labelledby="paused-help-title" className="mt-6 border-l-4 border-brand pl-4">
      <h2 id="paused-help-title" className="text-xl font-bold">
        {t("locked.title")}
      </h2>
      <ul className="mt-2 list-disc space-y-2 pl-6">
        <li>{t("locked.wait")}</li>
        <li>
          {t("locked.withoutSignIn")}
          <ul className="mt-1 list-[circle] space-y-1 pl-6">
            <li>
              <a href={`/${locale}/services`}>{t("locked.services")}</a>
            </li>
            <li>
              <a href={`/${locale}/feedback`}>{t("locked.feedback")}</a>
            </li>
            <li>
              <a href={`/${locale}/feedback/status`}>{t("locked.status")}</a>
            </li>
          </ul>
        </li>
        <li>{t("locked.notYou")}</li>
        <li>{t("locked.phone")}</li>
      </ul>
    </section>
  );
}

/** One step of the sign-in as a button: a Server Action form, so that it works without scripts. */
export function StepButton({
  action,
  locale,
  returnTo,
  label,
}: {
  action: (form: FormData) => Promise<void>;
  locale: Locale;
  returnTo: string;
  label: string;
}) {
  return (
    <form action={action}>
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="return" value={returnTo} />
      <button type="submit" className="border-2 border-brand px-4 py-2 font-bold text-brand hover:bg-gray-100">
        {label}
      </button>
    </form>
  );
}

/** A quiet note of the tries a NIN has left, when some are used. */
export function TriesNote({ text }: { text: string | null }) {
  return text ? <p className="mt-4 border-l-4 border-yellow-600 pl-3">{text}</p> : null;
}
