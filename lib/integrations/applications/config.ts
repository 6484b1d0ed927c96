import "server-only";
import { env } from "@/lib/env";
import { configuredNida } from "@/lib/integrations/nida/config";
import type { ApplicationsConfig } from "./client";

export function configuredApplications(): ApplicationsConfig {
  // The same bus, client and keys as for NIDA; each institution system has its own push code.
  const nida = configuredNida();
  return {
    tokenUrl: nida.tokenUrl,
    engineUrl: nida.engineUrl,
    clientId: nida.clientId,
    clientSecret: nida.clientSecret,
    userId: nida.userId,
    privateKey: nida.privateKey,
    busPublicKey: nida.busPublicKey,
    pushCodes: env().APPLICATION_PUSH_CODES,
  };
}

/** Whether an institution's system takes applications through the bus. */
export function takesApplications(institutionSlug: string): boolean {
  return Boolean(env().APPLICATION_PUSH_CODES[institutionSlug]);
}
