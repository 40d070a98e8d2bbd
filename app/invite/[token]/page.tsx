import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getDb } from "@/db";
import { InvalidParameter } from "@/components/invalid-parameter";
import { getSessionUser } from "@/lib/auth/session";
import { lookUpInvitation, wrongAddressMessage } from "@/lib/invitations";
import { describeRole } from "@/lib/members/roles";
import { AcceptForm, SwitchAccountButton } from "./accept-form";

const EXPIRY_FORMAT = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

export const metadata: Metadata = { title: "Invitation" };

function Shell({ children }: { children: ReactNode }) {
  return <main className="mx-auto max-w-lg px-6 py-16">{children}</main>;
}

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const lookup = await lookUpInvitation(await getDb(), token);
  if (!lookup.ok) {
    return (
      <Shell>
        {lookup.problem === "malformed" ? (
          <InvalidParameter message={lookup.message} />
        ) : (
          <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-5 text-amber-900">
            <h1 className="text-lg font-semibold">This invitation cannot be used</h1>
            <p className="mt-1 text-sm">{lookup.message}</p>
          </div>
        )}
        <p className="mt-4 text-sm text-gray-600">
          <Link href="/" className="text-blue-600 hover:underline">Go to Backsolve</Link>
        </p>
      </Shell>
    );
  }

  const invitation = lookup.invitation;
  const user = await getSessionUser();
  const returnHere = encodeURIComponent(`/invite/${token}`);
  const kindNote = invitation.organizationKind === "agency" ? "the agency" : "the company";
  return (
    <Shell>
      <h1 className="text-2xl font-semibold">You are invited to {invitation.organizationName}</h1>
      <p className="mt-2 text-gray-700">
        Join {kindNote} on Backsolve as <strong>{describeRole(invitation.role, invitation.branch)}</strong>.
      </p>
      <p className="mt-1 text-sm text-gray-500">The link works once and expires on {EXPIRY_FORMAT.format(invitation.expiresAt)} UTC.</p>
      <div className="mt-8 rounded-lg border bg-white p-6 shadow-sm">
        {!user ? (
          <div className="space-y-4">
            <p className="text-sm text-gray-700">
              The invitation is for <strong>{invitation.email}</strong>. Sign in with that address, or create an account for it.
            </p>
            <div className="flex flex-wrap gap-3">
              <Link href={`/sign-in?callbackUrl=${returnHere}`} className="rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700">
                Sign in
              </Link>
              <Link href={`/sign-up?invite=${encodeURIComponent(token)}`} className="rounded-md border bg-white px-4 py-2 font-medium hover:bg-gray-50">
                Create an account
              </Link>
            </div>
          </div>
        ) : user.email.toLowerCase() !== invitation.email.toLowerCase() ? (
          <div className="space-y-4">
            <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {wrongAddressMessage(invitation.email)} You are signed in as {user.email}.
            </p>
            <SwitchAccountButton token={token} />
          </div>
        ) : (
          <div className="space-y-4">
            <p className="text-sm text-gray-700">You are signed in as {user.email}.</p>
            <AcceptForm token={token} organizationName={invitation.organizationName} />
          </div>
        )}
      </div>
    </Shell>
  );
}
