"use server";

import { headers } from "next/headers";
import type { ActionResult } from "@/lib/auth/action";
import { runAction } from "@/lib/auth/run-action";
import { invitationPath, mailInvitation, type MailOutcome } from "@/lib/invitations";
import { createInvitationAction, revokeInvitationAction } from "./invitation-actions";
import { changeMemberRoleAction, removeMemberAction } from "./member-actions";

export async function changeMemberRole(orgSlug: string, input: unknown) {
  return runAction(changeMemberRoleAction, orgSlug, input);
}

export async function removeMember(orgSlug: string, input: unknown) {
  return runAction(removeMemberAction, orgSlug, input);
}

export async function revokeInvitation(orgSlug: string, input: unknown) {
  return runAction(revokeInvitationAction, orgSlug, input);
}

export interface InviteOutcome {
  email: string;
  expiresAt: string;
  /** The absolute invitation link; the page shows it once and keeps no copy. */
  link: string;
  mail: MailOutcome;
  replaced: number;
}

/**
 * Creates the invitation, then mails its link when SMTP_URL is set. Mailing
 * happens after the transaction has committed, so a slow mail server holds
 * no database locks, and a mail failure still leaves the link to copy.
 */
export async function inviteMember(orgSlug: string, input: unknown): Promise<ActionResult<InviteOutcome>> {
  const result = await runAction(createInvitationAction, orgSlug, input);
  if (!result.ok) return result;

  const created = result.data;
  const link = `${await publicOrigin()}${invitationPath(created.token)}`;
  const mail = await mailInvitation(
    {
      to: created.email,
      organizationName: created.organizationName,
      role: created.role,
      branch: created.branch,
      inviterName: created.inviterName,
      link,
      expiresAt: new Date(created.expiresAt),
    },
    { invitationId: created.invitationId, organizationId: created.organizationId },
  );
  return { ...result, data: { email: created.email, expiresAt: created.expiresAt, link, mail, replaced: created.replaced } };
}

/** Returns the origin people reach the app at: NEXTAUTH_URL when set, otherwise the request's own host. */
async function publicOrigin(): Promise<string> {
  const configured = process.env.NEXTAUTH_URL;
  if (configured && URL.canParse(configured)) return new URL(configured).origin;
  const requestHeaders = await headers();
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "localhost:3000";
  const protocol = requestHeaders.get("x-forwarded-proto") ?? "http";
  return `${protocol}://${host}`;
}
