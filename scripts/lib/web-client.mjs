// A small HTTP client that uses the portal as a browser without JavaScript does (the portal's
// pages all work so): GET pages, submit their forms (Server Actions posted as multipart forms),
// keep cookies; without following redirects, so that a test sees each answer. Each request
// goes on a connection of its own, from a chosen loopback address when asked (127.0.0.N: a
// different client to the portal's per-address limits). For the cluster test and benchmarks.
import http from "node:http";

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** HTML text with its character references decoded. */
export function decodeHtml(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === "#")
      return String.fromCodePoint(name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A page's visible text, roughly: tags dropped, references decoded, spaces collapsed. */
export function textOf(html) {
  return decodeHtml(
    html
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/<!--[\s\S]*?-->/g, " "),
  )
    .replace(/\s+/g, " ")
    .trim();
}

function attributes(tag) {
  const found = {};
  for (const [, name, , double, single, bare] of tag.matchAll(/([^\s=/>]+)(\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    found[name.toLowerCase()] = decodeHtml(double ?? single ?? bare ?? "");
  }
  return found;
}

/**
 * The forms of a page: { action, method, fields: [[name, value]], buttons: [{ text, name, value }], text }.
 * Hidden and text inputs keep their values; unchecked radios and checkboxes are left out; a
 * file input is an empty file; textareas and selects (their selected option, else the first)
 * are read too.
 */
export function formsOf(html) {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, open, inner]) => {
    const form = attributes(open);
    const fields = [];
    for (const [tag] of inner.matchAll(/<input\b[^>]*>/gi)) {
      const a = attributes(tag.slice(6));
      if (!a.name || a.disabled !== undefined) continue;
      const type = (a.type ?? "text").toLowerCase();
      if (["submit", "button", "image", "reset"].includes(type)) continue;
      // A file input with no file chosen: a browser sends it as an empty part without a name.
      if (type === "file") {
        fields.push([a.name, new File([], "", { type: "application/octet-stream" })]);
        continue;
      }
      if ((type === "radio" || type === "checkbox") && a.checked === undefined) continue;
      fields.push([a.name, a.value ?? (type === "checkbox" ? "on" : "")]);
    }
    for (const [, open2, body] of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const a = attributes(open2);
      if (a.name) fields.push([a.name, decodeHtml(body)]);
    }
    for (const [, open2, body] of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const a = attributes(open2);
      const options = [...body.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map(([, o, label]) => ({
        ...attributes(o),
        label: textOf(label),
      }));
      const chosen = options.find((o) => o.selected !== undefined) ?? options[0];
      if (a.name && chosen) fields.push([a.name, chosen.value ?? chosen.label]);
    }
    const buttons = [...inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map(([, b, label]) => ({
      ...attributes(b),
      text: textOf(label),
    }));
    return { action: form.action ?? "", method: (form.method ?? "GET").toUpperCase(), fields, buttons, text: textOf(inner) };
  });
}

/** A cookie jar: name → value, from Set-Cookie headers (an expired or emptied cookie goes). */
export class Cookies {
  jar = new Map();
  take(setCookie) {
    for (const line of [setCookie ?? []].flat()) {
      const [pair, ...attrs] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const gone = attrs.some(
        (attr) => /^\s*max-age=0\s*$/i.test(attr) || (/^\s*expires=/i.test(attr) && Date.parse(attr.split("=")[1]) < Date.now()),
      );
      if (gone || value === "") this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }
  header() {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  names() {
    return [...this.jar.keys()];
  }
}

/**
 * One request: resolves with { status, headers, body (Buffer), text, backend } or rejects with the
 * connection's error. `cookies` (a Cookies) is sent and updated; `localAddress` picks the source.
 */
export function request(url, { method = "GET", headers = {}, body, cookies, localAddress, timeoutMs = 30_000 } = {}) {
  const target = new URL(url);
  const sent = { ...headers };
  if (cookies && cookies.jar.size > 0) sent.cookie = cookies.header();
  if (body !== undefined) sent["content-length"] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method,
        headers: sent,
        agent: false,
        localAddress,
      },
      (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => {
          const buffer = Buffer.concat(chunks);
          cookies?.take(res.headers["set-cookie"]);
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: buffer,
            text: buffer.toString("utf8"),
            backend: res.headers["x-cluster-backend"],
            location: res.headers.location,
          });
        });
        res.on("error", reject);
        res.on("aborted", () => reject(Object.assign(new Error("answer cut short"), { code: "ECONNRESET" })));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end(body);
  });
}

/** A multipart/form-data body for these fields, as a browser sends a form: { body, contentType }. */
export async function multipart(fields) {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  const encoded = new Request("http://form.invalid/", { method: "POST", body: form });
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get("content-type") };
}

/**
 * A visitor: a cookie jar, a base URL (the balancer) and a source address. `get(path)` and
 * `submit(page, { fields, button })` answer as `request` does; `submit` posts the page's form
 * that has the field or button named, with the values given replacing the page's own.
 */
export class Visitor {
  constructor(base, { localAddress, language = "en" } = {}) {
    this.base = base;
    this.origin = new URL(base).origin;
    this.localAddress = localAddress;
    this.cookies = new Cookies();
    this.language = language;
  }
  get(path, { base = this.base, headers = {} } = {}) {
    return request(new URL(path, base), {
      headers: { "accept-language": this.language, accept: "text/html", ...headers },
      cookies: this.cookies,
      localAddress: this.localAddress,
    });
  }
  /** Posts a form of `page` ({ text, url }): the one with a button whose text includes `button`, else one with field `field`. */
  async submit(page, { button, field, values = {}, base = this.base } = {}) {
    const forms = formsOf(page.text).filter((form) => form.method === "POST");
    const form = button
      ? forms.find((f) => f.buttons.some((b) => b.text.includes(button)))
      : forms.find((f) => f.fields.some(([n]) => n === field));
    if (!form) throw new Error(`no form with ${button ? `a button "${button}"` : `a field "${field}"`} on ${page.url}`);
    const fields = form.fields.filter(([name]) => !(name in values));
    for (const [name, value] of Object.entries(values)) fields.push([name, value]);
    const clicked = button ? form.buttons.find((b) => b.text.includes(button)) : undefined;
    if (clicked?.name) fields.push([clicked.name, clicked.value ?? ""]);
    const { body, contentType } = await multipart(fields);
    const target = new URL(form.action || page.url, page.url);
    return request(new URL(`${target.pathname}${target.search}`, base), {
      method: "POST",
      headers: { "content-type": contentType, origin: this.origin, "accept-language": this.language, accept: "text/html" },
      body,
      cookies: this.cookies,
      localAddress: this.localAddress,
    });
  }
  /** GET a page and keep its address beside it (for `submit`). */
  async page(path, options) {
    const url = new URL(path, this.base).toString();
    const answer = await this.get(url, options);
    return { ...answer, url };
  }
}
