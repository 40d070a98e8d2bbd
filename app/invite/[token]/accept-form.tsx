"use client";

import { signOutTo } from "@/components/sign-out-button";
import Link from "next/link";
import { useActionState, useMemo } from "react";
import { acceptInvitationLink, type AcceptState } from "./actions";

export function AcceptForm({ token, organizationName }: { token: string; organizationName: string }) {
  const action = useMemo(() => acceptInvitationLink.bind(null, token), [token]);
  const [state, formAction, pending] = useActionState<AcceptState, FormData>(action, { message: null });
  return (
    <form action={formAction} className="space-y-3">
      {state.message ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.message}
          {state.path ? (
            <>
              {" "}
              <Link href={state.path} className="underline">Open {organizationName}</Link>
            </>
          ) : null}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700 disabled:opacity-60">
        {pending ? "Joining…" : `Join ${organizationName}`}
      </button>
    </form>
  );
}

/** Signs out and comes back to sign-in, returning to the invitation afterwards. */
export function SwitchAccountButton({ token }: { token: string }) {
  const callbackUrl = `/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`;
  return (
    <button type="button" onClick={() => void signOutTo(callbackUrl)} className="rounded-md border bg-white px-4 py-2 font-medium hover:bg-gray-50">
      Sign out and use another account
    </button>
  );
}
