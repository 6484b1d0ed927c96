import type { Metadata } from "next";
import { counterWords, Enhancement } from "@/components/Enhancement";
import { FeedbackForm } from "@/components/FeedbackForm";
import { currentCatalogue } from "@/lib/catalogue/current";
import { feedbackKinds } from "@/lib/feedback/feedback-schema";
import { institutionLabel } from "@/lib/feedback/institutions";
import { currentActor } from "@/lib/identity/auth";
import { citizenProfile } from "@/lib/identity/service";
import { intlLocale } from "@/lib/i18n/config";
import { localeFrom } from "@/lib/i18n/request";
import { getT } from "@/lib/i18n/server";
import { sendFeedback } from "./actions";
import { sharePage } from "@/lib/http/request-context.mjs";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ service?: string; institution?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: getT(localeFrom((await params).locale), "feedback")("title") };
}

export default async function FeedbackPage({ params, searchParams }: Props) {
  // The same for every visitor without a session until the catalogue or the day changes (lib/http/page-cache.mjs).
  sharePage();
  const locale = localeFrom((await params).locale);
  const t = getT(locale, "feedback");
  const catalogue = await currentCatalogue();
  const query = await searchParams;
  // Coming from a service page: the institution and the service are filled in.
  const service = typeof query.service === "string" ? catalogue.serviceById.get(query.service) : undefined;
  const preset =
    service?.competentAuthority ??
    service?.institution ??
    (typeof query.institution === "string" ? catalogue.institutionBySlug.get(query.institution) : undefined);
  const institutions = catalogue.institutions
    .map((i) => institutionLabel(i, locale))
    .sort((a, b) => a.localeCompare(b, intlLocale[locale]));
  const actor = await currentActor();
  const citizen = actor.kind === "citizen" ? await citizenProfile(actor.citizenId) : undefined;

  return (
    <>
      <h1 className="text-3xl font-bold leading-tight">{t("title")}</h1>
      <p className="mt-2 text-lg">{t("intro")}</p>
      {service ? <p className="mt-2 border-l-4 border-brand pl-3">{t("aboutService", { service: service.name[locale] })}</p> : null}
      <FeedbackForm
        action={sendFeedback}
        locale={locale}
        serviceId={service?.id ?? null}
        institution={preset ? institutionLabel(preset, locale) : ""}
        institutions={institutions}
        strings={{
          kind: t("kind"),
          kinds: feedbackKinds.map((value) => ({ value, label: t(`kinds.${value}`) })),
          institution: t("institution"),
          institutionHint: t("institutionHint"),
          subject: t("subject"),
          message: t("message"),
          messageHint: t("messageHint"),
          attachment: t("attachment"),
          attachmentHint: t("attachmentHint"),
          aboutYou: t("aboutYou"),
          aboutYouHint: t("aboutYouHint"),
          signedInAs: citizen ? t("signedInAs", { name: `${citizen.firstName} ${citizen.surname}` }) : null,
          name: t("name"),
          phone: t("phone"),
          submit: t("submit"),
          errorSummary: t("errorSummary"),
          reattach: t("reattach"),
          counter: counterWords(locale),
        }}
      />
      <Enhancement name="counter" />
      <p className="mt-8">
        <a href={`/${locale}/feedback/status`}>{t("trackLink")}</a>
      </p>
    </>
  );
}
