/** Explains a malformed URL value in place of the page it would have shown. */
export function InvalidParameter({ message }: { message: string }) {
  return (
    <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-5 text-amber-900">
      <h1 className="text-lg font-semibold">This address is not valid</h1>
      <p className="mt-1 text-sm">{message}</p>
    </div>
  );
}
