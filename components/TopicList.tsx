import type { CatalogueTopic } from "@/lib/catalogue/model";
import type { Locale } from "@/lib/i18n/config";

/** Links to categories or life events, each with its description. */
export function TopicList({
  locale,
  topics,
  section,
  compact = false,
}: {
  locale: Locale;
  topics: CatalogueTopic[];
  section: "categories" | "life-events";
  compact?: boolean;
}) {
  return (
    <ul className={compact ? "mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-2" : "mt-3 grid gap-4 sm:grid-cols-2"}>
      {topics.map((topic) => (
        <li key={topic.id}>
          <a href={`/${locale}/${section}/${topic.slug[locale]}`} className="font-semibold">
            {topic.name[locale]}
          </a>
          {compact ? null : <p className="text-sm text-muted">{topic.description[locale]}</p>}
        </li>
      ))}
    </ul>
  );
}
