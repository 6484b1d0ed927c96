import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Configuration is read and validated in one place (lib/env.ts); nowhere else in the portal.
    files: ["app/**", "components/**", "lib/**", "db/**", "proxy.ts", "instrumentation.ts"],
    ignores: ["lib/env.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through lib/env.ts." },
      ],
    },
  },
  {
    // The portal never imports the sandbox: it reaches it over HTTP like the real systems.
    files: ["app/**", "components/**", "lib/**", "db/**", "proxy.ts", "instrumentation.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/sandbox/**", "@/sandbox/**"], message: "The portal reaches the sandbox only over HTTP." }] }],
    },
  },
  globalIgnores([".next*/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
]);
