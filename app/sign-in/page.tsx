import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <h1 className="text-2xl font-semibold">Sign in to Backsolve</h1>
      <div className="mt-8 rounded-lg border bg-white p-6 shadow-sm">
        <Suspense>
          <SignInForm />
        </Suspense>
      </div>
      <p className="mt-4 text-sm text-gray-600">
        New here? <Link href="/sign-up" className="text-blue-600 hover:underline">Create an account</Link>
      </p>
    </main>
  );
}
