// "Characters left" under every textarea marked data-counter-other and data-counter-one ("{n}"
// stands for the number), told to screen readers politely and only after typing pauses. Optional: the textarea's maxlength
// already stops the text at the limit, and the server checks it again.
(() => {
  const start = () => {
    for (const area of document.querySelectorAll("textarea[data-counter-other][maxlength]")) {
      const status = document.createElement("p");
      status.id = `${area.id}-count`;
      status.className = "text-sm text-muted";
      status.setAttribute("aria-live", "polite");
      area.after(status);
      area.setAttribute("aria-describedby", `${area.getAttribute("aria-describedby") ?? ""} ${status.id}`.trim());
      let timer;
      const show = () => {
        const left = area.maxLength - area.value.length;
        const words = left === 1 ? area.dataset.counterOne : area.dataset.counterOther;
        status.textContent = words.replace("{n}", left.toLocaleString(document.documentElement.lang));
      };
      show();
      area.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(show, 400);
      });
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
