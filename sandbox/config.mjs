// The sandbox's own settings. It shares no code with the portal: each side keeps its own copy
// of every protocol, so that a mistake in one cannot hide behind shared code.
export const config = {
  port: Number(process.env.SANDBOX_PORT ?? 4010),
  host: process.env.SANDBOX_HOST ?? "127.0.0.1",
  mgov: {
    // The API key and account the sandbox expects from the portal (X-Auth-Request-Id).
    apiKey: process.env.SANDBOX_MGOV_API_KEY ?? "sandbox-mgov-api-key",
    account: process.env.SANDBOX_MGOV_ACCOUNT ?? "portal@dirisha.sandbox",
    // How many messages the phone inbox keeps (the oldest go first).
    inboxSize: 1000,
  },
};
