import { z } from "zod";
import { recordAudit } from "@/db/queries/audit";
import { clearKpiOwner, deleteMembership, findMemberRow, lockMemberships, updateMembershipRole } from "@/db/queries/members";
import type { ActionDefinition } from "@/lib/auth/action";
import type { Branch, Role } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { assertAdminRemains } from "@/lib/members/admins";
import { checkRoleAndBranch, optionalBranchSchema, roleSchema } from "@/lib/members/roles";

const membershipIdSchema = z.uuid("The member id is invalid; reload the members page.");

const changeRoleInput = z.object({
  membershipId: membershipIdSchema,
  role: roleSchema,
  branch: optionalBranchSchema,
});

export interface ChangeRoleResult {
  membershipId: string;
  role: Role;
  branch: Branch | null;
  /** False when the member already had this role and branch, so nothing was written. */
  changed: boolean;
}

const membersPath = (orgSlug: string) => [`/o/${orgSlug}/settings/members`];

export const changeMemberRoleAction: ActionDefinition<typeof changeRoleInput, ChangeRoleResult> = {
  name: "member.role.change",
  permission: "members:manage",
  input: changeRoleInput,
  revalidate: ({ orgSlug }) => membersPath(orgSlug),
  async handler({ db, user, member, input, log }) {
    const organization = member.organization;
    const next = checkRoleAndBranch(organization.kind, input.role, input.branch);

    await lockMemberships(db, organization.id);
    const target = await findMemberRow(db, organization.id, input.membershipId);
    if (!target) throw notFound("The member");
    if (target.role === next.role && target.branch === next.branch) {
      return { membershipId: target.membershipId, ...next, changed: false };
    }

    await assertAdminRemains(
      db,
      organization,
      { membershipId: target.membershipId, userId: target.userId, name: target.name, role: target.role, nextRole: next.role },
      user.id,
    );
    await updateMembershipRole(db, organization.id, target.membershipId, next);
    await recordAudit(db, {
      organizationId: organization.id,
      actorUserId: user.id,
      action: "member.role.change",
      entityType: "membership",
      entityId: target.membershipId,
      oldValue: { userId: target.userId, email: target.email, role: target.role, branch: target.branch },
      newValue: { userId: target.userId, email: target.email, role: next.role, branch: next.branch },
    });
    log.info({ membershipId: target.membershipId, from: target.role, to: next.role }, "member role changed");
    return { membershipId: target.membershipId, ...next, changed: true };
  },
};

const removeInput = z.object({ membershipId: membershipIdSchema });

export interface RemoveMemberResult {
  membershipId: string;
  name: string;
  /** True when the caller removed their own membership and has left the organization. */
  removedSelf: boolean;
  /** The KPIs the member owned, which now have no owner. */
  unownedKpis: { id: string; name: string }[];
}

export const removeMemberAction: ActionDefinition<typeof removeInput, RemoveMemberResult> = {
  name: "member.remove",
  permission: "members:manage",
  input: removeInput,
  revalidate: ({ orgSlug }) => [...membersPath(orgSlug), `/o/${orgSlug}/plan`, `/o/${orgSlug}/scorecard`],
  async handler({ db, user, member, input, log }) {
    const organization = member.organization;
    await lockMemberships(db, organization.id);
    const target = await findMemberRow(db, organization.id, input.membershipId);
    if (!target) throw notFound("The member");

    await assertAdminRemains(
      db,
      organization,
      { membershipId: target.membershipId, userId: target.userId, name: target.name, role: target.role, nextRole: null },
      user.id,
    );

    // KPIs reference their owner without a cascade, so they let go of the member before the row goes.
    const unownedKpis = await clearKpiOwner(db, organization.id, target.membershipId);
    for (const kpi of unownedKpis) {
      await recordAudit(db, {
        organizationId: organization.id,
        actorUserId: user.id,
        action: "kpi.owner.clear",
        entityType: "kpi",
        entityId: kpi.id,
        oldValue: { name: kpi.name, ownerMembershipId: target.membershipId, ownerEmail: target.email },
        newValue: { name: kpi.name, ownerMembershipId: null, reason: "owner removed from the organization" },
      });
    }
    await deleteMembership(db, organization.id, target.membershipId);
    await recordAudit(db, {
      organizationId: organization.id,
      actorUserId: user.id,
      action: "member.remove",
      entityType: "membership",
      entityId: target.membershipId,
      oldValue: {
        userId: target.userId,
        email: target.email,
        name: target.name,
        role: target.role,
        branch: target.branch,
        ownedKpiIds: unownedKpis.map((kpi) => kpi.id),
      },
      newValue: null,
    });
    log.info({ membershipId: target.membershipId, unownedKpis: unownedKpis.length }, "member removed");
    return {
      membershipId: target.membershipId,
      name: target.name,
      removedSelf: target.userId === user.id,
      unownedKpis: unownedKpis.map(({ id, name }) => ({ id, name })),
    };
  },
};
