export async function register() {
  // NEXT_RUNTIME is replaced at build time, so the Node-only boot code stays out of other bundles.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootOrExit } = await import("./lib/boot");
  await bootOrExit();
}
