/**
 * A system's test switch, as `/<system>/_control` sets it: one mode out of `modes`, and for
 * "slow" how long to wait (`slowMs`, from the request, else the configured default). Kept until
 * changed or until the sandbox restarts.
 *
 * - `state()`: what GET answers: `{"mode":"normal"}`, or `{"mode":"slow","slowMs":5000}`.
 * - `set(request)`: a JSON request `{"mode":…,"slowMs"?:…}`; `{ status, body }` to send, 400 for an
 *   unknown mode or a `slowMs` that is not a whole number of milliseconds from 0 to 60 000.
 * - `onChange(fn)`: `fn(previous, next)` after every change (releasing what a mode held back).
 */
export const MAX_SLOW_MS = 60_000;

export function createModeSwitch(modes, { slowMs: defaultSlowMs = 12_000 } = {}) {
  let mode = "normal";
  let slowMs = defaultSlowMs;
  const listeners = [];

  function state() {
    return mode === "slow" ? { mode, slowMs } : { mode };
  }

  function set(request) {
    const value = request?.mode;
    if (!modes.includes(value)) return { status: 400, body: { error: `mode must be one of ${modes.join(", ")}` } };
    const wanted = request?.slowMs;
    if (wanted !== undefined && (!Number.isInteger(wanted) || wanted < 0 || wanted > MAX_SLOW_MS)) {
      return { status: 400, body: { error: `slowMs must be a whole number of milliseconds from 0 to ${MAX_SLOW_MS}` } };
    }
    const previous = mode;
    mode = value;
    slowMs = value === "slow" && wanted !== undefined ? wanted : defaultSlowMs;
    for (const listener of listeners) listener(previous, mode);
    return { status: 200, body: state() };
  }

  return {
    mode: () => mode,
    slowMs: () => slowMs,
    state,
    set,
    onChange: (listener) => listeners.push(listener),
  };
}
