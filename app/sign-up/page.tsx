import type { Metadata } from "next";
import Link from "next/link";
import { InvitedSignUp } from "./invited-sign-up";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // An invitation link sends newcomers here with its token, to join that organization instead of creating one.
  const { invite } = await searchParams;
  if (typeof invite === "string") return <InvitedSignUp token={invite} />;
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <h1 className="text-2xl font-semibold">Create your Backsolve account</h1>
      <p className="mt-2 text-sm text-gray-600">
        You become the admin of your company or agency in Backsolve and can invite your team afterwards.
      </p>
      <div className="mt-8 rounded-lg border bg-white p-6 shadow-sm">
        <SignUpForm />
      </div>
      <p className="mt-4 text-sm text-gray-600">
        Already have an account? <Link href="/sign-in" className="text-blue-600 hover:underline">Sign in</Link>
      </p>
    </main>
  );
}
