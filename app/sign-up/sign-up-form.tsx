"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useActionState, useEffect, useRef, useState } from "react";
import { Field } from "@/components/field";
import { signUp, type SignUpState } from "./actions";

export function SignUpForm() {
  const router = useRouter();
  const [state, formAction, pending] = useActionState<SignUpState, FormData>(signUp, { status: "idle" });
  const password = useRef("");
  const [signInError, setSignInError] = useState<string | null>(null);

  // The browser's time zone becomes the organization's default; the admin can change it in settings.
  function submitWithTimeZone(formData: FormData) {
    formData.set("timeZone", Intl.DateTimeFormat().resolvedOptions().timeZone);
    formAction(formData);
  }

  useEffect(() => {
    if (state.status !== "success" || !state.organizationSlug || !state.email) return;
    const slug = state.organizationSlug;
    const email = state.email;
    // An agency starts on its portfolio; a company starts by planning its year.
    const home = state.organizationKind === "agency" ? `/a/${slug}` : `/o/${slug}/plan`;
    void signIn("credentials", { email, password: password.current, redirect: false }).then((response) => {
      password.current = "";
      if (response?.ok) router.push(home);
      else setSignInError("Your account was created, but signing in failed. Sign in with your new password.");
    });
  }, [state, router]);

  const errors = state.fieldErrors ?? {};
  return (
    <form id="sign-up" action={submitWithTimeZone} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      {signInError ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {signInError} <Link href="/sign-in" className="underline">Sign in</Link>
        </p>
      ) : null}
      <Field label="Your name" name="name" autoComplete="name" defaultValue={state.values?.name} error={errors.name} required />
      <Field label="Work email" name="email" type="email" autoComplete="email" defaultValue={state.values?.email} error={errors.email} required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters, not containing your email address."
        error={errors.password}
        onChange={(event) => {
          password.current = event.target.value;
        }}
        required
      />
      <Field
        label="Company or agency name"
        name="organizationName"
        autoComplete="organization"
        defaultValue={state.values?.organizationName}
        error={errors.organizationName}
        required
      />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="isAgency" defaultChecked={state.values?.isAgency} className="mt-1" />
        <span>
          <span className="font-medium text-gray-700">We are an agency</span>
          <span className="block text-xs text-gray-500">Agencies plan and track the goals of their client companies.</span>
          {errors.organizationKind ? (
            <span role="alert" className="block text-xs text-red-600">
              {errors.organizationKind}
            </span>
          ) : null}
        </span>
      </label>
      <button
        type="submit"
        disabled={pending || state.status === "success"}
        className="w-full rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700 disabled:opacity-60"
      >
        {pending || state.status === "success" ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
