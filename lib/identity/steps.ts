import "server-only";
import type { Database } from "@/db";
import type { NidaConfig } from "@/lib/integrations/nida/client";
import { configuredNida } from "@/lib/integrations/nida/config";
import { beginSignIn, questionStep, verifyCode } from "./sign-in";

/** A sign-in step that asks NIDA, with NIDA reached as the portal is configured (lib/env.ts). */
function askingNida<Rest extends unknown[], Result>(step: (db: Database, nida: NidaConfig, ...rest: Rest) => Promise<Result>) {
  return (db: Database, ...rest: Rest) => step(db, configuredNida(), ...rest);
}

// What the sign-in actions call; the tests call the steps in sign-in.ts with the sandbox's configuration.
export const beginNidaSignIn = askingNida(beginSignIn);
export const verifyNidaCode = askingNida(verifyCode);
export const nidaQuestionStep = askingNida(questionStep);
