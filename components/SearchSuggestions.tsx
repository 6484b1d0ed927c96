"use client";

import { useEffect, useState } from "react";

/**
 * Suggestions while typing, for browsers that run scripts: fills the search box's <datalist>
 * from the suggestion endpoint. Without JavaScript nothing here runs and the form still works.
 */
export function SearchSuggestions({ locale, inputId, listId }: { locale: string; inputId: string; listId: string }) {
  const [options, setOptions] = useState<string[]>([]);

  useEffect(() => {
    const input = document.getElementById(inputId);
    if (!(input instanceof HTMLInputElement)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    const onInput = () => {
      clearTimeout(timer);
      const query = input.value.trim();
      if (query.length < 2) return setOptions([]);
      timer = setTimeout(async () => {
        controller?.abort();
        controller = new AbortController();
        try {
          const response = await fetch(`/api/v1/suggest?lang=${locale}&q=${encodeURIComponent(query)}`, {
            signal: controller.signal,
          });
          if (response.ok) setOptions(((await response.json()) as { suggestions: string[] }).suggestions);
        } catch {
          // A lost suggestion is no loss: the form still searches.
        }
      }, 200);
    };
    input.addEventListener("input", onInput);
    return () => {
      input.removeEventListener("input", onInput);
      clearTimeout(timer);
      controller?.abort();
    };
  }, [inputId, locale]);

  return (
    <datalist id={listId}>
      {options.map((option) => (
        <option key={option} value={option} />
      ))}
    </datalist>
  );
}
