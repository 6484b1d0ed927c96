/** A problem named in the address (?problem=…), shown as an alert; unknown names show nothing. */
export function ProblemNotice({ message, title }: { message: string | null; title: string }) {
  if (!message) return null;
  return (
    <div role="alert" aria-labelledby="problem-title" className="mt-4 border-4 border-red-700 p-4">
      <h2 id="problem-title" className="text-xl font-bold">
        {title}
      </h2>
      <p className="mt-1">{message}</p>
    </div>
  );
}
