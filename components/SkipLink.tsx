export function SkipLink({ label }: { label: string }) {
  return (
    <a
      href="#main"
      className="sr-only focus:not-sr-only focus:block focus:bg-focus focus:px-4 focus:py-2 focus:text-ink focus:visited:text-ink"
    >
      {label}
    </a>
  );
}
