import "server-only";
import { env } from "@/lib/env";
import { busPublicKey, portalPrivateKey } from "@/lib/integrations/govesb/keys";
import type { NidaConfig } from "./client";

export function configuredNida(): NidaConfig {
  const config = env();
  return {
    tokenUrl: config.GOVESB_TOKEN_URL,
    engineUrl: config.GOVESB_ENGINE_URL,
    clientId: config.GOVESB_CLIENT_ID,
    clientSecret: config.GOVESB_CLIENT_SECRET,
    userId: config.GOVESB_USER_ID,
    apiCode: config.GOVESB_NIDA_API_CODE,
    privateKey: portalPrivateKey,
    busPublicKey,
  };
}
