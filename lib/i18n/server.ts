import "server-only";
import { createInstance, type i18n, type TFunction } from "i18next";
import { intlLocale, locales, type Locale } from "./config";
import { namespaces, resources, type Namespace } from "./resources";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: (typeof resources)["sw"];
  }
}

// Translation happens on the server only: the browser receives finished strings, not i18next.
let instance: i18n | undefined;

function translations(): i18n {
  if (!instance) {
    instance = createInstance();
    void instance.init({
      resources,
      supportedLngs: [...locales],
      fallbackLng: false,
      ns: namespaces,
      defaultNS: "common",
      initAsync: false,
      returnNull: false,
      // React escapes what it renders; escaping here too would show "&amp;".
      interpolation: { escapeValue: false },
    });
  }
  return instance;
}

export function getT<N extends Namespace = "common">(locale: Locale, namespace?: N): TFunction<N> {
  return translations().getFixedT(locale, namespace ?? "common") as TFunction<N>;
}

export function formatDate(locale: Locale, date: Date): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "long", timeZone: "Africa/Dar_es_Salaam" }).format(date);
}

/** A moment, to the minute, in Dar es Salaam's time. */
export function formatDateTime(locale: Locale, date: Date): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "long", timeStyle: "short", timeZone: "Africa/Dar_es_Salaam" }).format(
    date,
  );
}
