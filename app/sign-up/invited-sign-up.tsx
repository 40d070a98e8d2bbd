import Link from "next/link";
import { getDb } from "@/db";
import { InvalidParameter } from "@/components/invalid-parameter";
import { lookUpInvitation } from "@/lib/invitations";
import { describeRole } from "@/lib/members/roles";
import { InvitedSignUpForm } from "./invited-sign-up-form";

/** Renders sign-up for someone who opened an invitation link, locked to the invited address. */
export async function InvitedSignUp({ token }: { token: string }) {
  const lookup = await lookUpInvitation(await getDb(), token);
  const invitePath = `/invite/${encodeURIComponent(token)}`;
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      {lookup.ok ? (
        <>
          <h1 className="text-2xl font-semibold">Join {lookup.invitation.organizationName}</h1>
          <p className="mt-2 text-sm text-gray-600">
            Create your Backsolve account to accept the invitation as {describeRole(lookup.invitation.role, lookup.invitation.branch)}.
          </p>
          <div className="mt-8 rounded-lg border bg-white p-6 shadow-sm">
            <InvitedSignUpForm token={token} email={lookup.invitation.email} />
          </div>
        </>
      ) : lookup.problem === "malformed" ? (
        <InvalidParameter message={lookup.message} />
      ) : (
        <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-5 text-amber-900">
          <h1 className="text-lg font-semibold">This invitation cannot be used</h1>
          <p className="mt-1 text-sm">{lookup.message}</p>
        </div>
      )}
      <p className="mt-4 text-sm text-gray-600">
        Already have an account?{" "}
        <Link href={`/sign-in?callbackUrl=${encodeURIComponent(invitePath)}`} className="text-blue-600 hover:underline">
          Sign in
        </Link>
      </p>
    </main>
  );
}
