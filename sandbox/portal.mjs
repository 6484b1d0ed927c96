/**
 * One form POST to the portal, made the way a gateway makes it: form-encoded body, HTTP Basic
 * auth. It never throws: the tester pages show what was sent and what came back (or why nothing
 * did), because a developer needs the failing exchange more than a stack trace.
 *
 * `signal` (optional) aborts the call when the sandbox stops; `timeoutMs` bounds the whole
 * exchange, body included, since a gateway gives up on a slow application just the same.
 */
export async function postForm(url, fields, { user, secret, timeoutMs, signal }) {
  const body = new URLSearchParams(fields).toString();
  const headers = {
    "Content-Type": "application/x-www-form-urlencoded",
    Authorization: `Basic ${Buffer.from(`${user}:${secret}`, "utf8").toString("base64")}`,
  };
  // What the page shows: the password stays off the screen (it is the environment's secret).
  const request = { url, user, fields: { ...fields }, body, at: new Date().toISOString() };
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await fetch(url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const text = await response.text();
    return { request, response: { status: response.status, type: response.headers.get("content-type") ?? "", body: text }, ms: ms() };
  } catch (caught) {
    const timedOut = caught?.name === "TimeoutError";
    const error = timedOut
      ? `no answer from the portal within ${timeoutMs / 1000} s`
      : `could not reach the portal: ${caught?.cause?.code ?? caught?.cause?.message ?? caught?.message ?? caught}`;
    return { request, error, timedOut, ms: ms() };
  }
}

/** The exchange as text, like an HTTP trace: for the developer panel below the tester forms. */
export function exchangeText({ request, response, error, ms }) {
  const sent =
    `POST ${request.url}\n` +
    `Content-Type: application/x-www-form-urlencoded\n` +
    `Authorization: Basic base64(${request.user}:•••)\n\n` +
    `${request.body}\n\n` +
    Object.entries(request.fields)
      .map(([name, value]) => `  ${name} = ${JSON.stringify(value)}`)
      .join("\n");
  const received = response
    ? `HTTP ${response.status} (${ms} ms)\nContent-Type: ${response.type || "(none)"}\n\n${response.body}`
    : `No answer (${ms} ms): ${error}`;
  return { sent, received };
}
