/** Shown to a member whose role lacks the permission a page needs. */
export function NotAllowed({ what }: { what: string }) {
  return (
    <div role="alert" className="rounded-lg border bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold">Not allowed</h1>
      <p className="mt-1 text-sm text-gray-600">Your role does not allow you to {what}. Ask an admin of this organization if you need it.</p>
    </div>
  );
}
