import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { applicationDocumentBytes, applicationDocuments } from "@/db/schema";
import { env } from "@/lib/env";
import type { DocumentType } from "./form-schema";

/**
 * Documents a citizen attaches to an application. What a file is, is read from its first bytes
 * (never from its name or the type the browser claims): a PDF, a JPEG or a PNG, or refused. Each
 * is kept with its size and SHA-256, and its bytes by the document store: in the database (the
 * default, one process or many) or in a folder (DOCUMENTS_DIR, for a volume shared by every
 * instance). See docs/decisions/0010-application-documents.md.
 */

export const MIME_TYPES: Record<DocumentType, string> = { pdf: "application/pdf", jpeg: "image/jpeg", png: "image/png" };

/** The type of a file by its first bytes, or null when it is none of the three. */
export function sniff(bytes: Uint8Array): DocumentType | null {
  const starts = (...signature: number[]) => signature.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "pdf"; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return "jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  return null;
}

/** A file name as it may be shown and sent: its last path part, printable, at most 120 characters. */
export function cleanFileName(name: string, type: DocumentType): string {
  const base =
    name
      .split(/[\\/]/)
      .pop()!
      .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "")
      .trim()
      .slice(-120) || "document";
  const extension = type === "jpeg" ? /\.(jpe?g)$/i : type === "pdf" ? /\.pdf$/i : /\.png$/i;
  return extension.test(base) ? base : `${base.slice(0, 110)}.${type === "jpeg" ? "jpg" : type}`;
}

export type DocumentCheck =
  | { ok: true; type: DocumentType; bytes: Buffer }
  | { ok: false; error: { name: "fileEmpty" | "fileType" | "fileTooLarge"; params?: Record<string, string | number> } };

/** A file as uploaded, checked against a question's types and size. */
export function checkDocument(bytes: Buffer, accept: readonly DocumentType[], maxBytes: number): DocumentCheck {
  if (bytes.length === 0) return { ok: false, error: { name: "fileEmpty" } };
  if (bytes.length > maxBytes)
    return { ok: false, error: { name: "fileTooLarge", params: { max: Math.floor(maxBytes / 1024 / 1024) || 1 } } };
  const type = sniff(bytes);
  if (!type || !accept.includes(type))
    return { ok: false, error: { name: "fileType", params: { types: accept.map((t) => t.toUpperCase()).join(", ") } } };
  return { ok: true, type, bytes };
}

/** Where the bytes are kept. */
export type DocumentStore = {
  kind: "database" | "directory";
  put(db: Pick<Database, "insert">, id: string, bytes: Buffer): Promise<void>;
  get(db: Pick<Database, "select">, id: string): Promise<Buffer | null>;
  /** Removes what the rows no longer hold (the database's rows go with their documents). */
  remove(id: string): Promise<void>;
};

export const databaseStore: DocumentStore = {
  kind: "database",
  async put(db, id, bytes) {
    await db.insert(applicationDocumentBytes).values({ documentId: id, content: bytes });
  },
  async get(db, id) {
    const [row] = await db.select().from(applicationDocumentBytes).where(eq(applicationDocumentBytes.documentId, id));
    return row?.content ?? null;
  },
  async remove() {},
};

/** Files named by the document's id, two levels of folders by its first characters. */
export function directoryStore(root: string): DocumentStore {
  const fileOf = (id: string) => {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error("not a document id");
    return path.join(root, id.slice(0, 2), id);
  };
  return {
    kind: "directory",
    async put(_db, id, bytes) {
      const file = fileOf(id);
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temporary = `${file}.${randomUUID()}.part`;
      await fs.writeFile(temporary, bytes, { mode: 0o600 });
      await fs.rename(temporary, file);
    },
    async get(_db, id) {
      return fs.readFile(fileOf(id)).catch(() => null);
    },
    async remove(id) {
      await fs.rm(fileOf(id), { force: true });
    },
  };
}

/** The store the configuration names: where new documents go. */
export function configuredStore(): DocumentStore {
  return storeFor(env().DOCUMENT_STORE);
}

/** The store a document's row names: where its bytes are, whatever new documents use now. */
export function storeFor(kind: "database" | "directory"): DocumentStore {
  return kind === "directory" ? directoryStore(path.resolve(env().DOCUMENTS_DIR)) : databaseStore;
}

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * Keeps a checked file for an application's question, in the caller's transaction: its row, and
 * its bytes in the store (a folder's file is written first; a transaction that fails leaves one
 * unreferenced file, which the clean-up removes).
 */
export async function keepDocument(
  tx: Pick<Database, "insert">,
  store: DocumentStore,
  input: { applicationId: string; questionId: string; eventId?: string; fileName: string; check: Extract<DocumentCheck, { ok: true }> },
): Promise<{ documentId: string; fileName: string }> {
  const id = randomUUID();
  const fileName = cleanFileName(input.fileName, input.check.type);
  if (store.kind === "directory") await store.put(tx, id, input.check.bytes);
  await tx.insert(applicationDocuments).values({
    id,
    applicationId: input.applicationId,
    questionId: input.questionId,
    eventId: input.eventId ?? null,
    fileName,
    mimeType: MIME_TYPES[input.check.type],
    size: input.check.bytes.length,
    sha256: sha256(input.check.bytes),
    store: store.kind,
  });
  if (store.kind === "database") await store.put(tx, id, input.check.bytes);
  return { documentId: id, fileName };
}
