import { describe, expect, it } from "vitest";
import { scriptsFor, withScripts } from "./page-scripts.mjs";

const request = (url, headers = {}) => ({ url, headers });

const page = [
  "<html><head>",
  '<link rel="modulepreload" href="/_next/static/chunks/a.js"/>',
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/b.js"/>',
  '<script src="/_next/static/chunks/b.js" async=""></script>',
  '<link rel="canonical" href="/sw"/>',
  "</head><body><main><h1>Huduma</h1>",
  '<script type="application/ld+json">{"@type":"GovernmentService"}</script>',
  '<script src="/enhance/suggest.AAAAAAAAAAAA.js" defer="" data-enhancement="suggest"></script>',
  "</main>",
  "<script>(self.__next_f=self.__next_f||[]).push([0])</script>",
  '<script id="_R_">self.__next_r="x"</script>',
  "</body></html>",
].join("");

describe("which scripts a page goes out with", () => {
  it("citizens' pages keep only the portal's own; the staff area and the rest keep the framework", () => {
    expect(scriptsFor(request("/sw"))).toBe("enhancements");
    expect(scriptsFor(request("/en/services/x?y=1"))).toBe("enhancements");
    expect(scriptsFor(request("/sw/payments/123"))).toBe("enhancements");
    expect(scriptsFor(request("/sw/staff"))).toBe("framework");
    expect(scriptsFor(request("/en/staff/listings/1"))).toBe("framework");
    expect(scriptsFor(request("/sw/staffing"))).toBe("enhancements");
    expect(scriptsFor(request("/api/v1/services"))).toBe("framework");
  });

  it("a browser saving data, or a visitor who chose the data saver before, gets none", () => {
    expect(scriptsFor(request("/sw", { "save-data": "on" }))).toBe("none");
    expect(scriptsFor(request("/sw", { "save-data": "On" }))).toBe("none");
    expect(scriptsFor(request("/sw", { cookie: "dirisha_lang=sw; dirisha_lite=1" }))).toBe("none");
    expect(scriptsFor(request("/sw", { cookie: "dirisha_lite=0" }))).toBe("enhancements");
    expect(scriptsFor(request("/sw/staff", { "save-data": "on" }))).toBe("framework");
  });

  it("removes the framework's scripts and preloads, keeps structured data and, by policy, the enhancements", () => {
    const kept = withScripts(page, "enhancements");
    expect(kept).not.toContain("/_next/");
    expect(kept).not.toContain("__next");
    expect(kept).toContain('<link rel="canonical" href="/sw"/>');
    expect(kept).toContain('<script type="application/ld+json">{"@type":"GovernmentService"}</script>');
    expect(kept).toContain('data-enhancement="suggest"');
    expect(kept).toContain("<h1>Huduma</h1>");

    const none = withScripts(page, "none");
    expect(none).not.toContain("data-enhancement");
    expect(none).toContain("application/ld+json");

    expect(withScripts(page, "framework")).toBe(page);
  });
});
