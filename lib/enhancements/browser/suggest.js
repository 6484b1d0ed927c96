// Search suggestions while typing. Fills the <datalist> of every input marked data-suggest
// (its value: the suggestion address, ending where the typed words go). Optional: without this
// script the box is a plain search form that works the same.
(() => {
  const start = () => {
    for (const input of document.querySelectorAll("input[data-suggest]")) {
      const list = input.list;
      if (!list) continue;
      let timer;
      let pending;
      let shown = "";
      input.addEventListener("input", () => {
        clearTimeout(timer);
        const words = input.value.trim();
        if (words.length < 2 || words === shown) return;
        timer = setTimeout(async () => {
          pending?.abort();
          pending = new AbortController();
          try {
            const response = await fetch(input.dataset.suggest + encodeURIComponent(words), { signal: pending.signal });
            if (!response.ok) return;
            const { suggestions } = await response.json();
            shown = words;
            list.replaceChildren(
              ...suggestions.map((name) => {
                const option = document.createElement("option");
                option.value = name;
                return option;
              }),
            );
          } catch {
            // A lost suggestion costs nothing: the form still searches.
          }
        }, 250);
      });
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
