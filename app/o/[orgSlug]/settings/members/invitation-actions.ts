import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import { recordAudit } from "@/db/queries/audit";
import { findInvitation, insertInvitation, listOpenInvitationsForEmail, markInvitationRevoked } from "@/db/queries/invitations";
import { findMemberRowByEmail, lockMemberships } from "@/db/queries/members";
import type { ActionDefinition } from "@/lib/auth/action";
import type { Branch, Role } from "@/lib/auth/permissions";
import { now } from "@/lib/clock";
import { DomainError, notFound } from "@/lib/errors";
import { createInvitationToken, invitationExpiry, invitationState } from "@/lib/invitations";
import { checkRoleAndBranch, describeRole, optionalBranchSchema, roleSchema } from "@/lib/members/roles";

const inviteInput = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email("Enter an email address such as ana@example.com.").max(254, "Use an address of at most 254 characters.")),
  role: roleSchema,
  branch: optionalBranchSchema,
});

export interface CreateInvitationResult {
  invitationId: string;
  organizationId: string;
  organizationName: string;
  inviterName: string;
  email: string;
  role: Role;
  branch: Branch | null;
  expiresAt: string;
  /** The secret of the link, returned once so the admin can copy it. Only its hash is stored. */
  token: string;
  /** How many open invitations for the same address this one replaced. */
  replaced: number;
}

const membersPath = (orgSlug: string) => [`/o/${orgSlug}/settings/members`];

const toDate = (instant: Temporal.Instant) => new Date(instant.epochMilliseconds);

export const createInvitationAction: ActionDefinition<typeof inviteInput, CreateInvitationResult> = {
  name: "invitation.create",
  permission: "members:manage",
  input: inviteInput,
  revalidate: ({ orgSlug }) => membersPath(orgSlug),
  async handler({ db, user, member, input, log }) {
    const organization = member.organization;
    const { role, branch } = checkRoleAndBranch(organization.kind, input.role, input.branch);

    // The same lock as membership changes, so two invitations to one address cannot both stay open.
    await lockMemberships(db, organization.id);
    const existing = await findMemberRowByEmail(db, organization.id, input.email);
    if (existing) {
      const message = `${input.email} is already a member of ${organization.name} as ${describeRole(existing.role, existing.branch)}. Change their role in the member list instead.`;
      throw new DomainError("conflict", message, { email: "Already a member." });
    }

    const createdAt = now();
    const replaced = await listOpenInvitationsForEmail(db, organization.id, input.email);
    for (const previous of replaced) {
      await markInvitationRevoked(db, organization.id, previous.id, toDate(createdAt));
      await recordAudit(db, {
        organizationId: organization.id,
        actorUserId: user.id,
        action: "invitation.revoke",
        entityType: "invitation",
        entityId: previous.id,
        oldValue: { email: previous.email, role: previous.role, branch: previous.branch, status: invitationState(previous, createdAt) },
        newValue: { email: previous.email, role: previous.role, branch: previous.branch, status: "revoked", reason: "replaced by a new invitation" },
      });
    }

    const { token, tokenHash } = createInvitationToken();
    const expiresAt = toDate(invitationExpiry(createdAt));
    const invitation = await insertInvitation(db, organization.id, {
      email: input.email,
      role,
      branch,
      tokenHash,
      expiresAt,
      invitedBy: user.id,
      createdAt: toDate(createdAt),
    });
    await recordAudit(db, {
      organizationId: organization.id,
      actorUserId: user.id,
      action: "invitation.create",
      entityType: "invitation",
      entityId: invitation.id,
      oldValue: null,
      newValue: {
        email: invitation.email,
        role,
        branch,
        status: "pending",
        expiresAt: expiresAt.toISOString(),
        replacedInvitationIds: replaced.map((previous) => previous.id),
      },
    });
    log.info({ invitationId: invitation.id, role, replaced: replaced.length }, "invitation created");
    return {
      invitationId: invitation.id,
      organizationId: organization.id,
      organizationName: organization.name,
      inviterName: user.name,
      email: invitation.email,
      role,
      branch,
      expiresAt: expiresAt.toISOString(),
      token,
      replaced: replaced.length,
    };
  },
};

const revokeInput = z.object({ invitationId: z.uuid("The invitation id is invalid; reload the members page.") });

export const revokeInvitationAction: ActionDefinition<typeof revokeInput, { invitationId: string }> = {
  name: "invitation.revoke",
  permission: "members:manage",
  input: revokeInput,
  revalidate: ({ orgSlug }) => membersPath(orgSlug),
  async handler({ db, user, member, input, log }) {
    const organization = member.organization;
    const invitation = await findInvitation(db, organization.id, input.invitationId);
    if (!invitation) throw notFound("The invitation");

    const revokedAt = now();
    const status = invitationState(invitation, revokedAt);
    if (status === "accepted") {
      throw new DomainError("conflict", `The invitation for ${invitation.email} was already accepted. Remove the member from the list instead.`);
    }
    if (status === "revoked") {
      throw new DomainError("conflict", `The invitation for ${invitation.email} was already revoked; its link no longer works.`);
    }
    const revoked = await markInvitationRevoked(db, organization.id, invitation.id, toDate(revokedAt));
    if (!revoked) throw new DomainError("conflict", `The invitation for ${invitation.email} was accepted or revoked a moment ago. Reload the page.`);

    await recordAudit(db, {
      organizationId: organization.id,
      actorUserId: user.id,
      action: "invitation.revoke",
      entityType: "invitation",
      entityId: invitation.id,
      oldValue: { email: invitation.email, role: invitation.role, branch: invitation.branch, status },
      newValue: { email: invitation.email, role: invitation.role, branch: invitation.branch, status: "revoked", reason: "revoked by an admin" },
    });
    log.info({ invitationId: invitation.id }, "invitation revoked");
    return { invitationId: invitation.id };
  },
};
