import "server-only";
import { env } from "@/lib/env";
import { configuredNida } from "@/lib/integrations/nida/config";
import type { EmrejeshoConfig } from "./client";

export function configuredEmrejesho(): EmrejeshoConfig {
  // The same bus, client and keys as for NIDA; only the push code differs.
  return { ...configuredNida(), pushCode: env().EMREJESHO_PUSH_CODE };
}
