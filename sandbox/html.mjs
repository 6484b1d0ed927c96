const entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (ch) => entities[ch]);
}

const BANNER = {
  en: "Sandbox for development and tests: it imitates government systems. Nothing here is real.",
  sw: "Mazingira ya majaribio kwa ajili ya uundaji na majaribio: yanaiga mifumo ya serikali. Hakuna kilicho halisi hapa.",
};

/**
 * `css` (optional) is added to the shared style sheet, for a page that draws more than tables.
 * `lang` (optional): "en" (the default) or "sw", the page's language (and its banner's).
 */
export function page(title, body, css = "", { lang = "en" } = {}) {
  const language = lang === "sw" ? "sw" : "en";
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${language === "sw" ? "Dirisha (majaribio)" : "Dirisha sandbox"}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;line-height:1.5;color:#0b0c0c}
header{border-bottom:4px solid #b58100;margin-bottom:1rem}
.banner{background:#fff4d6;padding:.5rem 1rem;border-left:4px solid #b58100}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}
td.msg{white-space:pre-wrap;word-break:break-word}
${css}</style></head><body>
<header><p class="banner">${BANNER[language]}</p>
<h1>${escapeHtml(title)}</h1></header>
${body}
</body></html>`;
}
