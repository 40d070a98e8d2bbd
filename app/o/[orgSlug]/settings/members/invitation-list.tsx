"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { OpenInvitation } from "@/db/queries/invitations";
import { describeRole } from "@/lib/members/roles";
import { revokeInvitation } from "./actions";
import { formatInstant, Notice } from "./member-fields";

export type ListedInvitation = Omit<OpenInvitation, "expiresAt" | "createdAt"> & { expiresAt: string; createdAt: string };

interface InvitationListProps {
  orgSlug: string;
  invitations: ListedInvitation[];
  timeZone: string;
  /** When the page was rendered, in epoch milliseconds, so server and browser agree on which links have expired. */
  checkedAt: number;
}

export function InvitationList({ orgSlug, invitations, timeZone, checkedAt }: InvitationListProps) {
  const router = useRouter();
  const [notice, setNotice] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function revoke(invitation: ListedInvitation) {
    if (!window.confirm(`Revoke the invitation for ${invitation.email}? Its link stops working at once.`)) return;
    startTransition(async () => {
      const result = await revokeInvitation(orgSlug, { invitationId: invitation.id });
      setNotice(result.ok ? { tone: "success", text: `Revoked the invitation for ${invitation.email}.` } : { tone: "error", text: result.message });
      if (result.ok) router.refresh();
    });
  }

  if (invitations.length === 0) {
    return (
      <div className="space-y-3">
        <Notice notice={notice} />
        <p className="text-sm text-gray-600">No open invitations.</p>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <Notice notice={notice} />
      <div className="overflow-x-auto rounded-lg border bg-white shadow-sm">
        <table className="min-w-full text-sm">
          <thead className="bg-gray-50 text-left text-gray-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Email</th>
              <th scope="col" className="px-4 py-2 font-medium">Role</th>
              <th scope="col" className="px-4 py-2 font-medium">Status</th>
              <th scope="col" className="px-4 py-2 font-medium">Invited by</th>
              <th scope="col" className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {invitations.map((invitation) => {
              const expired = new Date(invitation.expiresAt).getTime() <= checkedAt;
              return (
                <tr key={invitation.id}>
                  <td className="px-4 py-3">{invitation.email}</td>
                  <td className="px-4 py-3">{describeRole(invitation.role, invitation.branch)}</td>
                  <td className={`px-4 py-3 ${expired ? "text-amber-700" : "text-gray-700"}`}>
                    {expired ? "Expired on " : "Pending until "}
                    {formatInstant(invitation.expiresAt, timeZone)}
                    {expired ? <span className="block text-xs text-gray-500">Invite the address again to send a new link.</span> : null}
                  </td>
                  <td className="px-4 py-3 text-gray-700">{invitation.invitedByName ?? "—"}</td>
                  <td className="px-4 py-3 text-right">
                    <button type="button" onClick={() => revoke(invitation)} disabled={pending} className="rounded-md border px-3 py-1.5 hover:bg-gray-50 disabled:opacity-50">
                      Revoke
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
