import { defineConfig } from "drizzle-kit";

// Generates SQL migrations from db/schema; they are reviewed and committed, and applied at start-up.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
