/*
 * What the fuzz tests cover, file by file: every export of every "use server" module, every
 * handler of every route. coverage.test.ts fails when a new action or route is not here, and each
 * fuzz file fails when one named here has no target of its own.
 */

/** Server Actions, by module (the path under app/, as `grep -rl '"use server"'` finds them). */
export const ACTIONS = {
  citizen: {
    "app/[locale]/(public)/feedback/actions.ts": ["sendFeedback"],
    "app/[locale]/(public)/services/[slug]/report/actions.ts": ["reportProblem"],
    "app/[locale]/(public)/services/[slug]/actions.ts": ["smsServiceDetails"],
    "app/[locale]/(account)/sign-in/actions.ts": ["startSignIn", "sendSmsCode", "verifySmsCode", "startQuestions", "answerQuestion"],
    "app/[locale]/(account)/account/actions.ts": ["signOut", "eraseMyData"],
    "app/[locale]/(account)/payments/actions.ts": ["payFee", "renewBill", "cancelBill"],
    "app/[locale]/(account)/applications/actions.ts": ["startApplication", "saveApplicationPage", "submitApplication", "replyToQuestion"],
  },
  staff: {
    "app/[locale]/(editor)/staff/actions.ts": [
      "saveListing",
      "createListing",
      "openDraft",
      "submitForReview",
      "returnToDraft",
      "publishVersion",
      "discardDraft",
      "withdrawListing",
      "setNotice",
      "clearNotice",
      "confirmStillCorrect",
      "confirmFact",
      "correctFact",
    ],
    "app/[locale]/(editor)/staff/reports/actions.ts": ["handleReport"],
    "app/[locale]/(editor)/staff/admin/topics/actions.ts": ["saveTopic", "saveServiceOrder"],
    "app/[locale]/(editor)/staff/admin/queue/actions.ts": ["sendAgainLetters", "dismissLetter"],
    "app/[locale]/(editor)/staff/admin/most-used/actions.ts": ["changeMostUsed"],
    "app/[locale]/(editor)/staff/admin/payments/actions.ts": ["requestReconciliation", "applyUnmatchedPayment", "markRefundDue"],
    "app/[locale]/(editor)/staff/admin/people/actions.ts": ["inviteStaff", "resetStaff", "setStaffDisabled"],
    "app/[locale]/(editor)/staff/sign-in/actions.ts": ["signInWithPassword", "signInWithCode", "signOutStaff"],
    "app/[locale]/(editor)/staff/invitation/actions.ts": ["choosePassword", "confirmAuthenticator"],
    "app/[locale]/(editor)/staff/import/actions.ts": ["importListings"],
    "app/[locale]/(editor)/staff/listings/[serviceId]/form/actions.ts": [
      "saveForm",
      "importForm",
      "submitFormForReview",
      "returnFormToDraft",
      "publishForm",
      "discardFormDraft",
      "withdrawForm",
    ],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

/** Route handlers, by file, with the methods each exports; and the fuzz file that covers them. */
export const ROUTES = {
  "callbacks-gepg": {
    "app/api/gepg/control-number/route.ts": ["POST"],
    "app/api/gepg/payment/route.ts": ["POST"],
    "app/api/gepg/reconciliation/route.ts": ["POST"],
  },
  "callbacks-govesb": {
    "app/api/govesb/applications/route.ts": ["POST"],
    "app/api/govesb/emrejesho/route.ts": ["POST"],
  },
  "feature-phones": {
    "app/api/ussd/route.ts": ["POST"],
    "app/api/sms/inbound/route.ts": ["POST"],
  },
  routes: {
    "app/[locale]/(account)/applications/[id]/documents/[documentId]/route.ts": ["GET"],
    "app/[locale]/(account)/account/data/download/route.ts": ["GET"],
    "app/[locale]/(editor)/staff/export/route.ts": ["GET"],
    "app/[locale]/(editor)/staff/invitation/[token]/route.ts": ["GET"],
    "app/[locale]/(editor)/staff/listings/[serviceId]/form/export/route.ts": ["GET"],
    "app/api/auth/[...nextauth]/route.ts": ["GET", "POST"],
    "app/api/staff-auth/[...nextauth]/route.ts": ["GET", "POST"],
    "app/api/health/live/route.ts": ["GET"],
    "app/api/health/ready/route.ts": ["GET"],
    "app/api/health/route.ts": ["GET"],
    "app/api/metrics/route.ts": ["GET"],
    "app/api/v1/categories/route.ts": ["GET"],
    "app/api/v1/cpsv-ap/route.ts": ["GET"],
    "app/api/v1/institutions/route.ts": ["GET"],
    "app/api/v1/life-events/route.ts": ["GET"],
    "app/api/v1/services/[id]/route.ts": ["GET"],
    "app/api/v1/services/route.ts": ["GET"],
    "app/api/v1/suggest/route.ts": ["GET"],
    "app/enhance/[file]/route.ts": ["GET"],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;
