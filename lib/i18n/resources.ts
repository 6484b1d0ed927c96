import swApplications from "@/locales/sw/applications.json";
import swAuth from "@/locales/sw/auth.json";
import swCatalogue from "@/locales/sw/catalogue.json";
import swCommon from "@/locales/sw/common.json";
import swFeedback from "@/locales/sw/feedback.json";
import swHome from "@/locales/sw/home.json";
import swReport from "@/locales/sw/report.json";
import swSearch from "@/locales/sw/search.json";
import swStatic from "@/locales/sw/static.json";
import swStaff from "@/locales/sw/staff.json";
import swPayments from "@/locales/sw/payments.json";
import swPrivacy from "@/locales/sw/privacy.json";
import swSms from "@/locales/sw/sms.json";
import swUssd from "@/locales/sw/ussd.json";
import enApplications from "@/locales/en/applications.json";
import enAuth from "@/locales/en/auth.json";
import enCatalogue from "@/locales/en/catalogue.json";
import enCommon from "@/locales/en/common.json";
import enFeedback from "@/locales/en/feedback.json";
import enHome from "@/locales/en/home.json";
import enReport from "@/locales/en/report.json";
import enSearch from "@/locales/en/search.json";
import enStatic from "@/locales/en/static.json";
import enStaff from "@/locales/en/staff.json";
import enPayments from "@/locales/en/payments.json";
import enPrivacy from "@/locales/en/privacy.json";
import enSms from "@/locales/en/sms.json";
import enUssd from "@/locales/en/ussd.json";
import type { Locale } from "./config";

/** Every translation namespace; a test checks that both languages have the same keys. */
export const resources = {
  sw: {
    common: swCommon,
    home: swHome,
    catalogue: swCatalogue,
    search: swSearch,
    report: swReport,
    auth: swAuth,
    feedback: swFeedback,
    static: swStatic,
    staff: swStaff,
    payments: swPayments,
    sms: swSms,
    ussd: swUssd,
    applications: swApplications,
    privacy: swPrivacy,
  },
  en: {
    common: enCommon,
    home: enHome,
    catalogue: enCatalogue,
    search: enSearch,
    report: enReport,
    auth: enAuth,
    feedback: enFeedback,
    static: enStatic,
    staff: enStaff,
    payments: enPayments,
    sms: enSms,
    ussd: enUssd,
    applications: enApplications,
    privacy: enPrivacy,
  },
} satisfies Record<Locale, Record<string, unknown>>;

export type Namespace = keyof (typeof resources)["sw"];
export const namespaces = Object.keys(resources.sw) as Namespace[];
