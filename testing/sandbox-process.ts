import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** The sandbox as its own process on a free port, as the portal meets it: over HTTP. */
export type SandboxProcess = { url: string; stop(): Promise<void> };

export async function startSandbox(env: Record<string, string> = {}): Promise<SandboxProcess> {
  const child: ChildProcess = spawn(process.execPath, ["sandbox/server.mjs"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { ...process.env, SANDBOX_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`sandbox exited with code ${code}`)));
    setTimeout(() => reject(new Error("sandbox did not start within 10 s")), 10_000).unref();
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
