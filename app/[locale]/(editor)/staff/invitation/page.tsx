import type { Metadata } from "next";
import QRCode from "qrcode";
import { FieldError } from "@/components/FormParts";
import { ProblemNotice } from "@/components/ProblemNotice";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { findInvitation } from "@/lib/staff/service";
import { INVITATION_COOKIE, readCookie } from "@/lib/staff/pages";
import { otpauthUri } from "@/lib/staff/totp";
import { choosePassword, confirmAuthenticator } from "./actions";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "staff")("invitation.title"), robots: { index: false } };
}

const passwordProblems = ["passwordShort", "passwordLong", "passwordMismatch", "controlCharacters"] as const;
const codeProblems = ["codeFormat", "wrongCode"] as const;

export default async function InvitationPage({ params, searchParams }: Props) {
  const locale = localeFrom((await params).locale);
  const query = await searchParams;
  const t = getT(locale, "staff");
  const invitation = await findInvitation(await readCookie(INVITATION_COOKIE));
  if (!invitation) {
    return (
      <>
        <h1 className="text-3xl font-bold leading-tight">{t("invitation.goneTitle")}</h1>
        <p className="mt-2 text-lg">{t("invitation.gone")}</p>
      </>
    );
  }
  // A fault on our side, said above either step's form.
  const failed = query.problem === "failed" ? <ProblemNotice title={t("errorSummary")} message={t("problems.failed")} /> : null;
  const field = "block text-lg font-bold";
  const input = "mt-1 w-full max-w-md border-2 border-ink p-2 text-lg";

  if (!invitation.passwordChosen || !invitation.pendingTotpSecret) {
    const problem = passwordProblems.find((p) => p === query.problem);
    const message = problem ? t(`invitation.problems.${problem}`) : undefined;
    return (
      <>
        <h1 className="text-3xl font-bold leading-tight">{t("invitation.title")}</h1>
        <p className="mt-2 text-lg">
          {t(invitation.purpose === "reset" ? "invitation.introReset" : "invitation.intro", {
            name: invitation.member.name,
            email: invitation.member.email,
          })}
        </p>
        {failed}
        <h2 className="mt-6 text-2xl font-bold">{t("invitation.passwordStep")}</h2>
        <form action={choosePassword} className="mt-4 space-y-4">
          <input type="hidden" name="locale" value={locale} />
          <input type="hidden" name="username" value={invitation.member.email} autoComplete="username" />
          <div>
            <label htmlFor="password" className={field}>
              {t("invitation.password")}
            </label>
            <p id="password-hint" className="text-sm">
              {t("invitation.passwordHint")}
            </p>
            <FieldError field="password" message={message} />
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="new-password"
              maxLength={200}
              aria-describedby={message ? "password-hint password-error" : "password-hint"}
              aria-invalid={message ? true : undefined}
              className={input}
            />
          </div>
          <div>
            <label htmlFor="repeat" className={field}>
              {t("invitation.repeat")}
            </label>
            <input id="repeat" name="repeat" type="password" autoComplete="new-password" maxLength={200} className={input} />
          </div>
          <button type="submit" className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
            {t("invitation.continue")}
          </button>
        </form>
      </>
    );
  }

  const problem = codeProblems.find((p) => p === query.problem);
  const message = problem ? t(`code.problems.${problem}`) : undefined;
  const uri = otpauthUri(invitation.pendingTotpSecret, invitation.member.email);
  const qr = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("invitation.appTitle")}</h1>
      {failed}
      <ol className="mt-4 list-decimal space-y-3 pl-6 text-lg">
        <li>{t("invitation.appStep1")}</li>
        <li>
          {t("invitation.appStep2")}
          <div
            className="mt-2 w-56 border-2 border-ink bg-white"
            role="img"
            aria-label={t("invitation.qrLabel")}
            dangerouslySetInnerHTML={{ __html: qr }}
          />
          <p className="mt-2">{t("invitation.manualKey")}</p>
          <p className="mt-1 font-mono text-xl tracking-wider" data-testid="totp-secret">
            {invitation.pendingTotpSecret.match(/.{1,4}/g)!.join(" ")}
          </p>
        </li>
        <li>{t("invitation.appStep3")}</li>
      </ol>
      <form action={confirmAuthenticator} className="mt-6 space-y-4">
        <input type="hidden" name="locale" value={locale} />
        <div>
          <label htmlFor="code" className={field}>
            {t("code.label")}
          </label>
          <FieldError field="code" message={message} />
          <input
            id="code"
            name="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            aria-invalid={message ? true : undefined}
            aria-describedby={message ? "code-error" : undefined}
            className="mt-1 w-40 border-2 border-ink p-2 font-mono text-2xl tracking-widest"
          />
        </div>
        <button type="submit" className="bg-brand px-5 py-3 text-lg font-bold text-white hover:bg-brand-dark">
          {t("invitation.finish")}
        </button>
      </form>
    </>
  );
}
