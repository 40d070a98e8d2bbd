import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Executor } from "../connect";
import { invitations, users } from "../schema";
import type { Branch, Role } from "@/lib/auth/permissions";

export type InvitationRow = typeof invitations.$inferSelect;

/** An invitation as the members page shows it; never carries the token hash. */
export interface OpenInvitation {
  id: string;
  email: string;
  role: Role;
  branch: Branch | null;
  expiresAt: Date;
  createdAt: Date;
  invitedByName: string | null;
}

// Looks an invitation up by the hash of its link before an organization is chosen.
export { findInvitationByTokenHash, type InvitationByToken } from "./access";

export async function insertInvitation(
  db: Executor,
  organizationId: string,
  values: {
    email: string;
    role: Role;
    branch: Branch | null;
    tokenHash: string;
    expiresAt: Date;
    invitedBy: string;
    createdAt: Date;
  },
): Promise<InvitationRow> {
  const [row] = await db
    .insert(invitations)
    .values({ organizationId, ...values })
    .returning();
  if (!row) throw new Error("Inserting the invitation returned no row");
  return row;
}

export async function findInvitation(db: Executor, organizationId: string, invitationId: string): Promise<InvitationRow | null> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.organizationId, organizationId), eq(invitations.id, invitationId)));
  return row ?? null;
}

/**
 * Lists invitations neither accepted nor revoked, expired ones included, so that
 * admins see a link that ran out and can send a new one.
 */
export async function listOpenInvitations(db: Executor, organizationId: string): Promise<OpenInvitation[]> {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      branch: invitations.branch,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      invitedByName: users.name,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.organizationId, organizationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(asc(invitations.email), asc(invitations.createdAt));
}

/** Lists open invitations for one address, compared without regard to case. */
export async function listOpenInvitationsForEmail(db: Executor, organizationId: string, email: string): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        sql`lower(${invitations.email}) = lower(${email})`,
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );
}

/** Revokes an open invitation. Returns null when it was accepted or revoked already. */
export async function markInvitationRevoked(
  db: Executor,
  organizationId: string,
  invitationId: string,
  revokedAt: Date,
): Promise<InvitationRow | null> {
  const [row] = await db
    .update(invitations)
    .set({ revokedAt })
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        eq(invitations.id, invitationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * Marks a pending invitation accepted. The conditions sit in the update
 * itself, so of two acceptances at once only one gets the row back.
 */
export async function markInvitationAccepted(
  db: Executor,
  organizationId: string,
  invitationId: string,
  values: { acceptedBy: string; acceptedAt: Date },
): Promise<InvitationRow | null> {
  const [row] = await db
    .update(invitations)
    .set(values)
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        eq(invitations.id, invitationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, values.acceptedAt),
      ),
    )
    .returning();
  return row ?? null;
}
