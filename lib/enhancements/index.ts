import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The portal's own small scripts for citizens' pages (decision 0006): each optional, each under
 * 2 KB gzip, loaded with `defer` only on the pages that use it, served under an address that
 * changes with its content so that browsers keep it for a year.
 */
export const ENHANCEMENTS = ["suggest", "counter"] as const;
export type EnhancementName = (typeof ENHANCEMENTS)[number];

export type Enhancement = { name: EnhancementName; body: Buffer; version: string; href: string };

const folder = path.join(process.cwd(), "lib", "enhancements", "browser");
const loaded = new Map<EnhancementName, Enhancement & { mtimeMs: number }>();

export function isEnhancement(name: string): name is EnhancementName {
  return (ENHANCEMENTS as readonly string[]).includes(name);
}

/** The script and its versioned address; read again only when the file changes. */
export function enhancement(name: EnhancementName): Enhancement {
  const file = path.join(folder, `${name}.js`);
  const { mtimeMs } = fs.statSync(file);
  const cached = loaded.get(name);
  if (cached && cached.mtimeMs === mtimeMs) return cached;
  const body = fs.readFileSync(file);
  const version = createHash("sha256").update(body).digest("base64url").slice(0, 12);
  const entry = { name, body, version, href: `/enhance/${name}.${version}.js`, mtimeMs };
  loaded.set(name, entry);
  return entry;
}

/** The script a versioned file name ("suggest.AbC123.js") asks for, and whether it is this version. */
export function enhancementForFile(file: string): { script: Enhancement; current: boolean } | null {
  const match = /^([a-z]+)\.([\w-]+)\.js$/.exec(file);
  const [, name, version] = match ?? [];
  if (!name || !isEnhancement(name)) return null;
  const script = enhancement(name);
  return { script, current: version === script.version };
}
