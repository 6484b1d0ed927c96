#!/usr/bin/env node
// `npm run dev`: the portal with hot reload, and the sandbox.
import { bin, requireNode, supervise } from "./lib.mjs";

requireNode();
supervise([
  { name: "sandbox", command: process.execPath, args: ["sandbox/server.mjs"] },
  { name: "portal", command: bin("next"), args: ["dev", "--port", process.env.PORT ?? "3000"] },
]);
