import crypto from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { Temporal } from "temporal-polyfill";
import type { Database } from "@/db/connect";
import { recordAudit } from "@/db/queries/audit";
import { findInvitationByTokenHash, markInvitationAccepted, type InvitationByToken } from "@/db/queries/invitations";
import { findMembershipOfUser, lockMemberships } from "@/db/queries/members";
import { insertMembership } from "@/db/queries/organizations";
import { withTenant } from "@/db/tenant";
import { createInvitedAccount } from "@/lib/accounts";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { PASSWORD_CONTAINS_EMAIL, passwordContainsEmail, type InvitedSignUpInput } from "@/lib/auth/sign-up-schema";
import type { SessionUser } from "@/lib/auth/session-user";
import { now } from "@/lib/clock";
import { DomainError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { describeRole } from "@/lib/members/roles";

/** How long an invitation link stays valid after it is created. */
export const INVITATION_LIFETIME_HOURS = 7 * 24;

const TOKEN_BYTES = 32;
/** 32 bytes in base64url without padding are 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface InvitationToken {
  /** The secret of the link; shown once to the admin and never stored. */
  token: string;
  /** SHA-256 of the token in hex, the only form the database keeps. */
  tokenHash: string;
}

export function createInvitationToken(): InvitationToken {
  const token = crypto.randomBytes(TOKEN_BYTES).toString("base64url");
  return { token, tokenHash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

export function invitationExpiry(createdAt: Temporal.Instant): Temporal.Instant {
  return createdAt.add({ hours: INVITATION_LIFETIME_HOURS });
}

export function invitationPath(token: string): string {
  return `/invite/${token}`;
}

/** Returns the page a member lands on in an organization: agencies have their own area. */
export function organizationHomePath(kind: "company" | "agency", slug: string): string {
  return kind === "agency" ? `/a/${slug}` : `/o/${slug}`;
}

/** Hides all of an address's local part but its first character: "ana@example.com" → "a***@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email.charAt(0)}***${email.slice(at)}`;
}

export type InvitationState = "pending" | "expired" | "revoked" | "accepted";

export function invitationState(
  invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  at: Temporal.Instant,
): InvitationState {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  return invitation.expiresAt.getTime() <= at.epochMilliseconds ? "expired" : "pending";
}

export type InvitationProblem = "malformed" | "unknown" | "expired" | "revoked" | "used" | "wrong_address" | "already_member";

export const INVITATION_PROBLEMS: Record<Exclude<InvitationProblem, "wrong_address" | "already_member">, string> = {
  malformed:
    "This invitation link is incomplete: the part after /invite/ must be 43 letters, digits, - or _. Copy the whole link from the invitation again.",
  unknown: "This invitation link is not valid. Ask an admin of the organization to invite you again.",
  expired: "This invitation has expired, because invitation links are valid for 7 days. Ask an admin of the organization to invite you again.",
  revoked: "This invitation was withdrawn by an admin of the organization. Ask them to invite you again if you still need access.",
  used: "This invitation link has already been used. Sign in with the invited address to open the organization, or ask an admin for a new invitation.",
};

export type InvitationLookup =
  | { ok: true; invitation: InvitationByToken }
  | { ok: false; problem: "malformed" | "unknown" | "expired" | "revoked" | "used"; message: string; invitation: InvitationByToken | null };

/** Finds the invitation a link names and whether it can still be accepted. */
export async function lookUpInvitation(db: Database, token: string, at: Temporal.Instant = now()): Promise<InvitationLookup> {
  if (!isWellFormedToken(token)) return { ok: false, problem: "malformed", message: INVITATION_PROBLEMS.malformed, invitation: null };
  const invitation = await findInvitationByTokenHash(db, hashInvitationToken(token));
  if (!invitation) return { ok: false, problem: "unknown", message: INVITATION_PROBLEMS.unknown, invitation: null };

  const state = invitationState(invitation, at);
  if (state === "pending") return { ok: true, invitation };
  const problem = state === "accepted" ? "used" : state;
  return { ok: false, problem, message: INVITATION_PROBLEMS[problem], invitation };
}

export function wrongAddressMessage(invitedEmail: string): string {
  return `This invitation is for ${maskEmail(invitedEmail)}; sign in with that address.`;
}

export type AcceptInvitationResult =
  | { ok: true; organizationName: string; path: string; membershipId: string }
  | { ok: false; problem: InvitationProblem; message: string; path?: string };

/**
 * Accepts an invitation for the signed-in user: creates the membership, marks
 * the invitation accepted and records both, in one transaction scoped to the
 * invitation's organization. Any refusal leaves every row unchanged.
 */
export async function acceptInvitation(
  db: Database,
  user: SessionUser,
  token: string,
  at: Temporal.Instant = now(),
): Promise<AcceptInvitationResult> {
  const lookup = await lookUpInvitation(db, token, at);
  if (!lookup.ok) return { ok: false, problem: lookup.problem, message: lookup.message };
  const invitation = lookup.invitation;
  if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
    logger.warn({ userId: user.id, invitationId: invitation.id, reason: "wrong_address" }, "invitation rejected");
    return { ok: false, problem: "wrong_address", message: wrongAddressMessage(invitation.email) };
  }

  const home = organizationHomePath(invitation.organizationKind, invitation.organizationSlug);
  const acceptedAt = new Date(at.epochMilliseconds);
  return withTenant(db, { userId: user.id, organizationIds: [invitation.organizationId] }, async (tx): Promise<AcceptInvitationResult> => {
    await lockMemberships(tx, invitation.organizationId);
    if (await findMembershipOfUser(tx, invitation.organizationId, user.id)) {
      return {
        ok: false,
        problem: "already_member",
        message: `You are already a member of ${invitation.organizationName}, so the invitation was left unused.`,
        path: home,
      };
    }
    const accepted = await markInvitationAccepted(tx, invitation.organizationId, invitation.id, { acceptedBy: user.id, acceptedAt });
    if (!accepted) {
      // Another request accepted or revoked the invitation after the look-up above.
      return { ok: false, problem: "used", message: INVITATION_PROBLEMS.used };
    }

    const membership = await insertMembership(tx, {
      organizationId: invitation.organizationId,
      userId: user.id,
      role: invitation.role,
      branch: invitation.branch,
    });
    await recordAudit(tx, {
      organizationId: invitation.organizationId,
      actorUserId: user.id,
      action: "invitation.accept",
      entityType: "invitation",
      entityId: invitation.id,
      oldValue: { email: invitation.email, status: "pending" },
      newValue: { email: invitation.email, status: "accepted", acceptedBy: user.id, acceptedAt: acceptedAt.toISOString() },
    });
    await recordAudit(tx, {
      organizationId: invitation.organizationId,
      actorUserId: user.id,
      action: "member.add",
      entityType: "membership",
      entityId: membership.id,
      oldValue: null,
      newValue: { userId: user.id, email: user.email, role: membership.role, branch: membership.branch, invitationId: invitation.id },
    });
    logger.info({ userId: user.id, organizationId: invitation.organizationId, invitationId: invitation.id }, "invitation accepted");
    return { ok: true, organizationName: invitation.organizationName, path: home, membershipId: membership.id };
  });
}

export type InvitedSignUpResult =
  | { ok: true; userId: string; email: string }
  | { ok: false; message: string; fieldErrors: Record<string, string> };

/**
 * Creates the account of a person who opened an invitation link. The address
 * is always the invited one, whatever the form sent, and the invitation must
 * still be pending. Accepting it is a separate step on the link's page.
 */
export async function signUpWithInvitation(
  db: Database,
  token: string,
  input: InvitedSignUpInput,
  at: Temporal.Instant = now(),
): Promise<InvitedSignUpResult> {
  const lookup = await lookUpInvitation(db, token, at);
  if (!lookup.ok) return { ok: false, message: lookup.message, fieldErrors: {} };
  const email = lookup.invitation.email.toLowerCase();
  if (passwordContainsEmail(input.password, email)) {
    return { ok: false, message: "Check the highlighted fields.", fieldErrors: { password: PASSWORD_CONTAINS_EMAIL } };
  }
  try {
    const user = await createInvitedAccount(db, { name: input.name, email, password: input.password });
    return { ok: true, ...user };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    throw error;
  }
}

export interface InvitationMail {
  to: string;
  organizationName: string;
  role: InvitationByToken["role"];
  branch: InvitationByToken["branch"];
  inviterName: string;
  /** The absolute link, token included. */
  link: string;
  expiresAt: Date;
}

export function composeInvitationMail(mail: InvitationMail): { subject: string; text: string } {
  const expires = mail.expiresAt.toUTCString();
  return {
    subject: `${mail.inviterName} invited you to ${mail.organizationName} on Backsolve`,
    text: [
      `${mail.inviterName} invited you to join ${mail.organizationName} on Backsolve as ${describeRole(mail.role, mail.branch)}.`,
      "",
      `Open this link to accept: ${mail.link}`,
      "",
      `The link works once and expires on ${expires}. If you did not expect this invitation, ignore this message.`,
    ].join("\n"),
  };
}

let cachedTransport: { url: string; transport: Transporter } | null = null;

/** Returns the SMTP transport that SMTP_URL describes (such as smtp://user:password@mail.example.com:587), or null when it is unset. */
function transportFromEnvironment(): Transporter | null {
  const url = process.env.SMTP_URL;
  if (!url) return null;
  if (cachedTransport?.url !== url) cachedTransport = { url, transport: nodemailer.createTransport(url) };
  return cachedTransport.transport;
}

function senderAddress(): string {
  if (process.env.SMTP_FROM) return process.env.SMTP_FROM;
  const publicUrl = process.env.NEXTAUTH_URL;
  const host = publicUrl && URL.canParse(publicUrl) ? new URL(publicUrl).hostname : "localhost";
  return `Backsolve <no-reply@${host}>`;
}

export type MailOutcome = "sent" | "not_configured" | "failed";

/**
 * Mails an invitation link when SMTP_URL is set. A failure is logged without
 * the link, because the link contains the token, and reported to the caller,
 * which still shows the link to the admin.
 */
export async function mailInvitation(
  mail: InvitationMail,
  context: { invitationId: string; organizationId: string },
  transport: Transporter | null = transportFromEnvironment(),
): Promise<MailOutcome> {
  if (!transport) return "not_configured";
  const { subject, text } = composeInvitationMail(mail);
  try {
    await transport.sendMail({ from: senderAddress(), to: mail.to, subject, text });
    logger.info({ ...context, role: ROLE_LABELS[mail.role] }, "invitation mailed");
    return "sent";
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    logger.error({ ...context, code: typeof code === "string" ? code : undefined, reason: (error as Error).message }, "mailing the invitation failed");
    return "failed";
  }
}
