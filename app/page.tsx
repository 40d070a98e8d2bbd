import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { listOrganizationsOfUser } from "@/db/queries/organizations";
import { getSessionUser } from "@/lib/auth/session";

export default async function HomePage() {
  const user = await getSessionUser();
  if (user) {
    const organizations = await listOrganizationsOfUser(await getDb(), user.id);
    if (organizations.length === 1 && organizations[0]) redirect(`/o/${organizations[0].slug}`);
    return (
      <main className="mx-auto max-w-lg px-6 py-16">
        <h1 className="text-2xl font-semibold">Your organizations</h1>
        {organizations.length === 0 ? (
          <p className="mt-4 text-gray-600">You do not belong to any organization yet. Ask an admin for an invitation.</p>
        ) : (
          <ul className="mt-6 divide-y rounded-lg border bg-white">
            {organizations.map((organization) => (
              <li key={organization.slug}>
                <Link href={`/o/${organization.slug}`} className="block px-4 py-3 hover:bg-gray-50">
                  {organization.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </main>
    );
  }

  return (
    <main className="mx-auto max-w-2xl px-6 py-24">
      <h1 className="text-4xl font-semibold tracking-tight">Backsolve</h1>
      <p className="mt-4 text-lg text-gray-600">
        Start from the year&apos;s revenue goal, work back through your funnel, and give every team the weekly number
        it must hit. Then track those numbers on one scorecard, green, red or not entered, week by week.
      </p>
      <div className="mt-8 flex gap-3">
        <Link href="/sign-up" className="rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700">
          Create an account
        </Link>
        <Link href="/sign-in" className="rounded-md border bg-white px-4 py-2 font-medium hover:bg-gray-50">
          Sign in
        </Link>
      </div>
    </main>
  );
}
