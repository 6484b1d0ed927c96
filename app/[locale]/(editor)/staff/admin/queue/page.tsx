import type { Metadata } from "next";
import { ProblemNotice } from "@/components/ProblemNotice";
import { DEAD_LETTER_KINDS, type DeadLetter } from "@/lib/jobs/dead-letters";
import { deadLetters } from "@/lib/jobs/service";
import type { Locale } from "@/lib/i18n/config";
import { localeFrom } from "@/lib/i18n/request";
import { formatDateTime, getT } from "@/lib/i18n/server";
import { requireStaff } from "@/lib/staff/auth";
import { problemMessage } from "@/lib/staff/pages";
import { dismissLetter, sendAgainLetters } from "./actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("queue.title"), robots: { index: false } };
}

const dones = ["sent", "dismissed"] as const;
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

/** One action on one dead letter (or on its whole kind): a button in a Server Action form of its own. */
function LetterButton({
  locale,
  letter,
  kind,
  action,
  label,
  name,
  primary,
}: {
  locale: Locale;
  letter?: DeadLetter;
  kind: DeadLetter["kind"];
  action: (form: FormData) => Promise<void>;
  label: string;
  name: string;
  primary?: boolean;
}) {
  return (
    <form action={action} className="inline">
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="kind" value={kind} />
      {letter ? <input type="hidden" name="id" value={letter.id} /> : null}
      <button
        type="submit"
        aria-label={`${label}: ${name}`}
        className={primary ? "bg-brand px-3 py-1 font-bold text-white hover:bg-brand-dark" : "border-2 border-ink px-3 py-1 font-semibold"}
      >
        {label}
      </button>
    </form>
  );
}

/** Every hand-off that gave up, of every kind, for administrators to send again or dismiss. */
export default async function QueuePage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const actor = await requireStaff(locale, `/${locale}/staff/admin/queue`);
  const t = getT(locale, "staff");
  const letters = await deadLetters(actor);
  if (!letters) {
    return (
      <>
        <h1 className="text-3xl font-bold leading-tight">{t("queue.title")}</h1>
        <ProblemNotice title={t("errorSummary")} message={t("problems.forbidden")} />
      </>
    );
  }
  const done = dones.find((d) => d === one(query.done));
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("queue.title")}</h1>
      <p className="mt-2">{t("queue.intro")}</p>
      <ProblemNotice
        title={t("errorSummary")}
        message={problemMessage(t, query.problem, { section: "queue", problems: ["notFound", "notResendable"] })}
      />
      {done ? (
        <p role="status" className="mt-4 border-l-4 border-brand bg-green-50 p-3">
          {t(`queue.done.${done}`, { n: one(query.n) || "0" })}
        </p>
      ) : null}
      {letters.length === 0 ? <p className="mt-6">{t("queue.none")}</p> : null}
      {DEAD_LETTER_KINDS.map((kind) => {
        const ofKind = letters.filter((letter) => letter.kind === kind);
        if (ofKind.length === 0) return null;
        const headingId = `kind-${kind}`;
        return (
          <section key={kind} aria-labelledby={headingId} className="mt-8" data-testid={`dead-letters-${kind}`}>
            <h2 id={headingId} className="text-2xl font-bold">
              {t(`queue.kinds.${kind}`)} <span className="text-lg font-normal">({t("queue.count", { count: ofKind.length })})</span>
            </h2>
            {ofKind.filter((letter) => letter.resendable).length > 1 ? (
              <div className="mt-2">
                <LetterButton
                  locale={locale}
                  kind={kind}
                  action={sendAgainLetters}
                  label={t("queue.sendAllAgain")}
                  name={t(`queue.kinds.${kind}`)}
                  primary
                />
              </div>
            ) : null}
            <ul className="mt-2 space-y-3">
              {ofKind.map((letter) => {
                // Names the letter for a screen reader's list of buttons: its kind, and what or when.
                const name = `${t(`queue.kinds.${kind}`)}, ${letter.about ?? formatDateTime(locale, letter.gaveUpAt)}`;
                return (
                  <li key={letter.id} className="border-2 border-ink p-3" data-testid="dead-letter">
                    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                      <dt className="font-semibold">{t("queue.gaveUp")}</dt>
                      <dd>
                        <time dateTime={letter.gaveUpAt.toISOString()}>{formatDateTime(locale, letter.gaveUpAt)}</time>
                      </dd>
                      <dt className="font-semibold">{t("queue.tries")}</dt>
                      <dd>{letter.tries}</dd>
                      <dt className="font-semibold">{t("queue.error")}</dt>
                      <dd className="font-mono">{letter.error}</dd>
                      <dt className="font-semibold">{t("queue.about")}</dt>
                      <dd className={letter.about ? "font-mono" : undefined}>
                        {letter.about ?? (kind === "sms" ? t("queue.notShown") : "—")}
                      </dd>
                    </dl>
                    {letter.resendable ? null : <p className="mt-2">{t("queue.nothingToSend")}</p>}
                    <div className="mt-3 flex flex-wrap gap-3">
                      {letter.resendable ? (
                        <LetterButton
                          locale={locale}
                          letter={letter}
                          kind={kind}
                          action={sendAgainLetters}
                          label={t("queue.sendAgain")}
                          name={name}
                          primary
                        />
                      ) : null}
                      <LetterButton
                        locale={locale}
                        letter={letter}
                        kind={kind}
                        action={dismissLetter}
                        label={t("queue.dismiss")}
                        name={name}
                      />
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </>
  );
}
