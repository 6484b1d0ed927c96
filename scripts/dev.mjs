#!/usr/bin/env node
// `npm run dev`: the portal with hot reload, and the sandbox.
import { bin, ensureNode, supervise } from "./lib.mjs";

await ensureNode();
supervise([
  { name: "sandbox", command: process.execPath, args: ["sandbox/server.mjs"] },
  { name: "portal", command: bin("next"), args: ["dev", "--port", process.env.PORT ?? "3000"] },
]);
