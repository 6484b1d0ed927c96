import "server-only";
import type { KeyObject } from "node:crypto";
import { countOutsideError } from "@/lib/metrics";
import { EnvelopeError, openEnvelope, sealEnvelope } from "./envelope";

/**
 * GovESB, the government's service bus: an OAuth 2.0 client-credentials token, then signed
 * JSON envelopes to the engine. Nothing else in the portal talks to the bus.
 */

export type GovesbConfig = {
  tokenUrl: string;
  engineUrl: string;
  clientId: string;
  clientSecret: string;
  userId: string;
  privateKey: () => KeyObject;
  busPublicKey: () => KeyObject;
  timeoutMs?: number;
};

/**
 * Why an exchange failed: the bus could not be reached, refused us, answered unsigned, or (for
 * "rejected") the system behind it refused the message itself.
 */
export class GovesbError extends Error {
  override name = "GovesbError";
  constructor(
    message: string,
    readonly kind: "unreachable" | "refused" | "bad-signature" | "failed" | "rejected",
  ) {
    super(message);
  }
}

type Token = { value: string; expiresAt: number };
const tokens = new Map<string, Token>();

async function post(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, method: "POST", signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error && error.name === "TimeoutError" ? "timed out" : "could not be reached";
    throw new GovesbError(`GovESB ${reason}`, "unreachable");
  }
}

/** A cached access token, renewed a minute before it expires. */
async function accessToken(config: GovesbConfig, timeoutMs: number): Promise<string> {
  const key = `${config.tokenUrl}\u0000${config.clientId}`;
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > Date.now() + 60_000) return cached.value;
  const response = await post(
    config.tokenUrl,
    {
      headers: {
        Authorization: `Basic ${Buffer.from(`${config.clientId}:${config.clientSecret}`).toString("base64")}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: config.clientId,
        client_secret: config.clientSecret,
      }).toString(),
    },
    timeoutMs,
  );
  if (response.status >= 500) throw new GovesbError(`GovESB token endpoint answered HTTP ${response.status}`, "unreachable");
  if (!response.ok) throw new GovesbError(`GovESB refused the client credentials (HTTP ${response.status})`, "refused");
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
  if (typeof body.access_token !== "string") throw new GovesbError("GovESB token answer had no access_token", "failed");
  const lifetime = typeof body.expires_in === "number" ? body.expires_in : 300;
  tokens.set(key, { value: body.access_token, expiresAt: Date.now() + lifetime * 1000 });
  return body.access_token;
}

type EngineAnswer = { success?: boolean; message?: string; requestId?: string; esbBody?: unknown };

/**
 * Calls an engine path (e.g. "/nida-request") with a signed envelope and returns the esbBody of
 * the bus's answer, trusted only after its signature is verified on the bytes received.
 */
export async function engineRequest(config: GovesbConfig, enginePath: string, data: Record<string, unknown>): Promise<unknown> {
  try {
    return await exchange(config, enginePath, data);
  } catch (error) {
    // A refusal by the system behind the bus is its answer, not the bus failing.
    if (!(error instanceof GovesbError && error.kind === "rejected")) countOutsideError("govesb");
    throw error;
  }
}

async function exchange(config: GovesbConfig, enginePath: string, data: Record<string, unknown>): Promise<unknown> {
  const timeoutMs = config.timeoutMs ?? 8_000;
  const token = await accessToken(config, timeoutMs);
  const response = await post(
    `${config.engineUrl}${enginePath}`,
    {
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: sealEnvelope({ ...data, userId: config.userId }, config.privateKey()),
    },
    timeoutMs,
  );
  if (response.status === 401) tokens.clear();
  if (response.status >= 500) throw new GovesbError(`GovESB answered HTTP ${response.status}`, "unreachable");
  const text = await response.text();
  let answer: EngineAnswer;
  try {
    answer = openEnvelope<EngineAnswer>(text, config.busPublicKey());
  } catch (error) {
    const reason = error instanceof EnvelopeError ? error.message : "unreadable answer";
    throw new GovesbError(`GovESB answer not trusted: ${reason} (HTTP ${response.status})`, "bad-signature");
  }
  if (!response.ok || answer.success !== true) {
    throw new GovesbError(`GovESB refused the request: ${String(answer.message ?? response.status).slice(0, 200)}`, "refused");
  }
  return answer.esbBody;
}
