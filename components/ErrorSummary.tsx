"use client";

import { useEffect, useRef } from "react";

/**
 * The box at the top of a form that lists what to fix, each linking to its field. It takes the
 * focus when it appears, so that screen-reader users hear it at once: through autofocus on a
 * page sent without scripts, and from the effect where React runs (the staff area).
 */
export function ErrorSummary({ title, items, focusKey }: { title: string; items: { href?: string; text: string }[]; focusKey: unknown }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, [focusKey]);
  if (items.length === 0) return null;
  return (
    <div ref={box} tabIndex={-1} autoFocus role="alert" aria-labelledby="error-summary-title" className="border-4 border-red-700 p-4">
      <h2 id="error-summary-title" className="text-xl font-bold">
        {title}
      </h2>
      <ul className="mt-2 list-disc pl-6">
        {items.map((item) => (
          <li key={item.text}>
            {item.href ? (
              <a href={item.href} className="text-red-700">
                {item.text}
              </a>
            ) : (
              item.text
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
