/** A form as the browser posts it. */
export function formData(values: Record<string, string | File>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
}

/**
 * Where a Server Action sent the browser: the address of the redirect it threw (Next's own
 * redirect error), or "returned" when it answered instead.
 */
export async function redirectedTo(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "returned";
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) return digest.split(";").slice(2, -2).join(";");
    throw error;
  }
}
