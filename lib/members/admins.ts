import type { Transaction } from "@/db/connect";
import { listActiveAgencyLinks, listAgencyAdmins, listUserIdsWithRole, type AgencyAdminRow } from "@/db/queries/members";
import type { Organization } from "@/db/queries/organizations";
import { extendScope } from "@/db/tenant";
import type { Role } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { ADMIN_ROLE } from "./roles";

/**
 * Lists the agency admins who count as admins of a client company: those of
 * an agency that created the client and still has active access. Widens the
 * transaction's scope to those agencies, because the client's own active link
 * rows, visible under the client's scope, entitle it to read them.
 */
export async function listCreatingAgencyAdmins(tx: Transaction, organization: Organization): Promise<AgencyAdminRow[]> {
  if (organization.kind !== "company") return [];
  const links = await listActiveAgencyLinks(tx, organization.id);
  const creators = links.filter((link) => link.createdByAgency).map((link) => link.agencyId);
  if (creators.length === 0) return [];
  await extendScope(tx, creators);
  return listAgencyAdmins(tx, creators);
}

export interface MembershipChange {
  membershipId: string;
  userId: string;
  name: string;
  role: Role;
  /** The role after the change, or null when the membership is removed. */
  nextRole: Role | null;
}

/**
 * Rejects a change that would leave the organization without an admin. The
 * caller must hold `lockMemberships` for the organization, so that two
 * changes cannot pass this check at the same time.
 */
export async function assertAdminRemains(
  tx: Transaction,
  organization: Organization,
  change: MembershipChange,
  actorUserId: string,
): Promise<void> {
  const adminRole = ADMIN_ROLE[organization.kind];
  if (change.role !== adminRole || change.nextRole === adminRole) return;

  const remaining = new Set(await listUserIdsWithRole(tx, organization.id, adminRole));
  remaining.delete(change.userId);
  for (const agencyAdmin of await listCreatingAgencyAdmins(tx, organization)) remaining.add(agencyAdmin.userId);
  if (remaining.size > 0) return;

  const removing = change.nextRole === null;
  let outcome: string;
  if (change.userId === actorUserId) {
    outcome = removing ? "You are the last admin, so you cannot leave" : "You are the last admin, so you cannot change your own role";
  } else {
    outcome = removing ? `${change.name} is the last admin, so they cannot be removed` : `${change.name} is the last admin, so their role cannot change`;
  }
  const message = `${outcome}: ${organization.name} needs at least one admin. Make another member an admin first.`;
  throw new DomainError("conflict", message, { [removing ? "membershipId" : "role"]: message });
}
