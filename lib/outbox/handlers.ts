import type { Database } from "@/db";
import { env } from "@/lib/env";
import { deliverFeedback } from "@/lib/feedback/feedback";
import { configuredEmrejesho } from "@/lib/integrations/emrejesho/config";
import { sendQuickSms } from "@/lib/integrations/mgov/sms";
import type { Handlers } from "./worker";

/** How each topic is delivered, with the configured outside systems. */
export function configuredHandlers(db: Database): Required<Handlers> {
  const config = env();
  const mgov = {
    url: config.MGOV_SMS_URL,
    apiKey: config.MGOV_API_KEY,
    account: config.MGOV_ACCOUNT,
    senderId: config.MGOV_SENDER_ID,
    serviceId: config.MGOV_SERVICE_ID,
  };
  return {
    "sms.send": ({ to, message }) => sendQuickSms(mgov, { recipients: [to], message }),
    "emrejesho.push": ({ feedbackId }) => deliverFeedback(db, configuredEmrejesho(), feedbackId),
  };
}
