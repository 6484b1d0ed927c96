import type { FeedbackView } from "@/lib/feedback/feedback";
import type { Locale } from "@/lib/i18n/config";
import { formatDate, getT } from "@/lib/i18n/server";

/** One submission's progress and the institution's reply, as anyone holding its reference sees it. */
export function FeedbackStatus({ locale, item }: { locale: Locale; item: FeedbackView }) {
  const t = getT(locale, "feedback");
  return (
    <article className="mt-4 border-2 border-gray-300 p-4">
      <h2 className="font-mono text-xl font-bold">{item.reference}</h2>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="font-semibold">{t("status.state")}</dt>
        <dd>{t(`status.states.${item.status}`)}</dd>
        <dt className="font-semibold">{t("status.institution")}</dt>
        <dd>{item.institution[locale]}</dd>
        <dt className="font-semibold">{t("status.subject")}</dt>
        <dd>
          {t(`kinds.${item.kind}`)}: {item.subject}
        </dd>
        <dt className="font-semibold">{t("status.sent")}</dt>
        <dd>{formatDate(locale, item.createdAt)}</dd>
        {item.emrejeshoReference ? (
          <>
            <dt className="font-semibold">{t("status.emrejesho")}</dt>
            <dd className="font-mono">{item.emrejeshoReference}</dd>
          </>
        ) : null}
      </dl>
      <h3 className="mt-4 font-bold">{t("status.reply")}</h3>
      {item.reply ? (
        <blockquote className="mt-1 whitespace-pre-wrap border-l-4 border-brand pl-3">
          {item.reply.text}
          {item.reply.by ? <footer className="mt-1 text-sm text-muted">{item.reply.by}</footer> : null}
        </blockquote>
      ) : (
        <p className="mt-1">{t("status.noReply")}</p>
      )}
    </article>
  );
}
