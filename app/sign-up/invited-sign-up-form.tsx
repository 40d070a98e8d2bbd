"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useActionState, useEffect, useMemo, useRef, useState } from "react";
import { Field } from "@/components/field";
import { signUpInvited, type InvitedSignUpState } from "./actions";

export function InvitedSignUpForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const action = useMemo(() => signUpInvited.bind(null, token), [token]);
  const [state, formAction, pending] = useActionState<InvitedSignUpState, FormData>(action, { status: "idle" });
  const password = useRef("");
  const [signInError, setSignInError] = useState<string | null>(null);
  const invitePath = `/invite/${encodeURIComponent(token)}`;

  // Once the account exists, sign in and go back to the invitation, where the person accepts it.
  useEffect(() => {
    if (state.status !== "success" || !state.email) return;
    void signIn("credentials", { email: state.email, password: password.current, redirect: false }).then((response) => {
      password.current = "";
      if (response?.ok) router.push(invitePath);
      else setSignInError("Your account was created, but signing in failed. Sign in with your new password, then open the invitation again.");
    });
  }, [state, router, invitePath]);

  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.message}
          {errors.email ? (
            <>
              {" "}
              <Link href={`/sign-in?callbackUrl=${encodeURIComponent(invitePath)}`} className="underline">Sign in</Link>
            </>
          ) : null}
        </p>
      ) : null}
      {signInError ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {signInError} <Link href={`/sign-in?callbackUrl=${encodeURIComponent(invitePath)}`} className="underline">Sign in</Link>
        </p>
      ) : null}
      <Field label="Your name" name="name" autoComplete="name" defaultValue={state.name} error={errors.name} required />
      <Field
        label="Email"
        name="email"
        type="email"
        value={email}
        readOnly
        aria-readonly
        hint="The invitation is for this address."
        error={errors.email}
        className="[&_input]:bg-gray-100"
      />
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
      <button
        type="submit"
        disabled={pending || state.status === "success"}
        className="w-full rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700 disabled:opacity-60"
      >
        {pending || state.status === "success" ? "Creating your account…" : "Create account and continue"}
      </button>
    </form>
  );
}
