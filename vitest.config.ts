import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Outside Next's server bundle the "server-only" guard would throw on import; its
      // react-server build (the one Next uses) is an empty module.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.mjs"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".next-test/**", ".data/**"],
    environment: "node",
    // Expected failures in the tests would otherwise fill the output with warnings.
    env: { LOG_LEVEL: "error" },
    testTimeout: 30_000,
    // next-auth imports "next/server" without its extension, which Node's own loader cannot
    // resolve outside Next: transformed by Vitest instead, its route handlers load in tests.
    server: { deps: { inline: ["next-auth"] } },
    hookTimeout: 60_000,
  },
});
