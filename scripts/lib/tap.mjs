// A recording pass-through in front of the sandbox, on the portals' side (scripts/cluster.mjs):
// the portals and workers reach GovESB, mGov and GePG through it, and it keeps every request
// they made with the answer it got. The sandbox keeps one record per reference (a second push of
// the same feedback is accepted without a second record), so only here can a test count how
// many times each hand-off was actually delivered. Bodies pass byte for byte: signatures hold.
// It can also hold answers back (hold(), release()): a request is passed on at once, and the
// sandbox acts on it, but its answer waits, so that a test can kill the worker in the middle of
// a delivery the other side has already taken (scripts/faults.mjs).
import http from "node:http";
import { localServer } from "./local-server.mjs";

/**
 * createTap({ target: "http://127.0.0.1:4010" }) → { listen(), close(), url, records, clear(),
 * hold(predicate), release(), held() }. With record false, nothing is kept (it only passes
 * requests on). hold(predicate): the answers to requests for which predicate({ method, path })
 * is true are kept back from then on; release() sends those kept and stops holding; held() says
 * how many wait.
 */
export function createTap({ target, host = "127.0.0.1", port = 0, record: keep = true }) {
  const upstream = new URL(target);
  /** { at, method, path, status, body: Buffer, answer: Buffer, error } for every request forwarded. */
  const records = [];
  let holding = null;
  /** Answers kept back: each sends its answer when called. */
  const kept = [];

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const record = { at: Date.now(), method: req.method, path: req.url, status: 0, body, answer: null };
      if (keep) records.push(record);
      const headers = { ...req.headers, host: upstream.host };
      delete headers.connection;
      const forwarded = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent: false },
        (answer) => {
          const parts = [];
          answer.on("data", (chunk) => parts.push(chunk));
          answer.on("end", () => {
            record.status = answer.statusCode ?? 0;
            record.answer = Buffer.concat(parts);
            const sent = { ...answer.headers };
            delete sent.connection;
            delete sent["transfer-encoding"];
            sent["content-length"] = String(record.answer.length);
            const reply = () => {
              // The caller may be gone (killed while it waited): nothing to answer then.
              if (res.destroyed) return;
              res.writeHead(record.status, sent);
              res.end(record.answer);
            };
            if (holding?.({ method: req.method, path: req.url })) {
              record.held = true;
              kept.push(reply);
            } else reply();
          });
          answer.on("error", (error) => {
            record.error = error.message;
            res.destroy();
          });
        },
      );
      forwarded.on("error", (error) => {
        record.error = error.message;
        if (!res.headersSent) res.writeHead(502).end();
        else res.destroy();
      });
      forwarded.end(body);
    });
  });

  return Object.assign(localServer(server, host, port), {
    records,
    clear: () => (records.length = 0),
    hold(predicate) {
      holding = predicate;
    },
    release() {
      holding = null;
      for (const reply of kept.splice(0)) reply();
    },
    held: () => kept.length,
  });
}

/**
 * What the recorded requests delivered, by kind and reference:
 * - feedback: e-Mrejesho pushes by PortalReference (accepted: the bus said success and e-Mrejesho "00");
 * - sms: mGov quick_sms by recipient and text (accepted: 200 and success);
 * - bills: GePG bill submissions by BillId (accepted: AckStsCode 7101).
 * Each entry: { attempts, accepted }.
 */
export function deliveries(records) {
  const result = { feedback: new Map(), sms: new Map(), bills: new Map(), applications: new Map() };
  const count = (map, key, accepted) => {
    const entry = map.get(key) ?? { attempts: 0, accepted: 0 };
    entry.attempts++;
    if (accepted) entry.accepted++;
    map.set(key, entry);
  };
  for (const record of records) {
    if (record.method !== "POST" || !record.body) continue;
    const text = record.body.toString("utf8");
    const answer = record.answer?.toString("utf8") ?? "";
    try {
      if (record.path.endsWith("/push-request")) {
        const data = JSON.parse(text).data;
        const accepted = record.status === 200 && /"success":true/.test(answer) && !/"Code":"01"/.test(answer);
        if (data?.esbBody?.Feedback) count(result.feedback, data.esbBody.Feedback.PortalReference, accepted);
        else if (data?.esbBody?.Application) count(result.applications, data.esbBody.Application.PortalReference, accepted);
      } else if (record.path.endsWith("/quick_sms")) {
        const message = JSON.parse(new URLSearchParams(text).get("data") ?? "{}");
        const accepted = record.status === 200 && /"success":true/.test(answer);
        const recipients = String(message.recipients ?? "")
          .split(",")
          .map((recipient) => recipient.trim())
          .filter(Boolean);
        for (const recipient of recipients) count(result.sms, `${recipient}\u0000${message.message}`, accepted);
      } else if (record.path.endsWith("/bill/20/submission")) {
        const accepted = record.status === 200 && /<AckStsCode>7101<\/AckStsCode>/.test(answer);
        for (const [, billId] of text.matchAll(/<BillId>([^<]+)<\/BillId>/g)) count(result.bills, billId, accepted);
      }
    } catch {
      // A body that is not what the protocol says is the sandbox's to refuse; nothing to count.
    }
  }
  return result;
}
