import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../connect";
import { agencyAssignments, agencyClients, memberships, organizations, users } from "../schema";

/**
 * Agency links and assignments. A link (`agency_clients`) belongs to the
 * client company, so client-side functions filter by the client's id; the
 * agency reaches its links through `agency_id`. Assignments belong to the
 * agency.
 */

export type AgencyLinkRow = typeof agencyClients.$inferSelect;
export type AgencyLinkStatus = AgencyLinkRow["status"];
export type AssignmentRow = typeof agencyAssignments.$inferSelect;

export interface OrganizationSummary {
  id: string;
  slug: string;
  name: string;
  kind: "company" | "agency";
}

// ---- the client's side ---------------------------------------------------

export async function insertAgencyLink(
  db: Executor,
  clientOrganizationId: string,
  values: { agencyId: string; status: AgencyLinkStatus; createdByAgency: boolean; requestedBy: string; acceptedAt?: Date | null },
): Promise<AgencyLinkRow> {
  const [row] = await db
    .insert(agencyClients)
    .values({ organizationId: clientOrganizationId, ...values })
    .returning();
  if (!row) throw new Error("Inserting the agency link returned no row");
  return row;
}

export async function findAgencyLink(db: Executor, clientOrganizationId: string, agencyId: string): Promise<AgencyLinkRow | null> {
  const [row] = await db
    .select()
    .from(agencyClients)
    .where(and(eq(agencyClients.organizationId, clientOrganizationId), eq(agencyClients.agencyId, agencyId)));
  return row ?? null;
}

export async function findAgencyLinkById(db: Executor, clientOrganizationId: string, linkId: string): Promise<AgencyLinkRow | null> {
  const [row] = await db
    .select()
    .from(agencyClients)
    .where(and(eq(agencyClients.organizationId, clientOrganizationId), eq(agencyClients.id, linkId)));
  return row ?? null;
}

export async function listAgencyLinksOfClient(db: Executor, clientOrganizationId: string): Promise<AgencyLinkRow[]> {
  return db
    .select()
    .from(agencyClients)
    .where(eq(agencyClients.organizationId, clientOrganizationId))
    .orderBy(asc(agencyClients.createdAt));
}

/** Turns a revoked link back into a pending request; returns null unless the link was revoked. */
export async function reopenAgencyLink(
  db: Executor,
  clientOrganizationId: string,
  linkId: string,
  requestedBy: string,
): Promise<AgencyLinkRow | null> {
  const [row] = await db
    .update(agencyClients)
    .set({ status: "pending", requestedBy, acceptedAt: null, revokedAt: null, updatedAt: new Date() })
    .where(and(eq(agencyClients.organizationId, clientOrganizationId), eq(agencyClients.id, linkId), eq(agencyClients.status, "revoked")))
    .returning();
  return row ?? null;
}

/** Revokes a pending or active link; returns null when the link is missing or already revoked. */
export async function revokeAgencyLink(db: Executor, clientOrganizationId: string, linkId: string): Promise<AgencyLinkRow | null> {
  const now = new Date();
  const [row] = await db
    .update(agencyClients)
    .set({ status: "revoked", revokedAt: now, updatedAt: now })
    .where(
      and(
        eq(agencyClients.organizationId, clientOrganizationId),
        eq(agencyClients.id, linkId),
        inArray(agencyClients.status, ["pending", "active"]),
      ),
    )
    .returning();
  return row ?? null;
}

// ---- the agency's side ---------------------------------------------------

export async function listLinksOfAgency(
  db: Executor,
  agencyId: string,
  statuses: readonly AgencyLinkStatus[] = ["pending", "active"],
): Promise<AgencyLinkRow[]> {
  if (statuses.length === 0) return [];
  return db
    .select()
    .from(agencyClients)
    .where(and(eq(agencyClients.agencyId, agencyId), inArray(agencyClients.status, [...statuses])))
    .orderBy(asc(agencyClients.createdAt));
}

/** Finds the agency's active link to a client; returns null when it has none. */
export async function findActiveLinkToClient(db: Executor, agencyId: string, clientOrganizationId: string): Promise<AgencyLinkRow | null> {
  const [row] = await db
    .select()
    .from(agencyClients)
    .where(
      and(
        eq(agencyClients.agencyId, agencyId),
        eq(agencyClients.organizationId, clientOrganizationId),
        eq(agencyClients.status, "active"),
      ),
    );
  return row ?? null;
}

/** Accepts a pending request; returns null unless the link is pending for this agency. */
export async function acceptLinkOfAgency(db: Executor, agencyId: string, linkId: string): Promise<AgencyLinkRow | null> {
  const now = new Date();
  const [row] = await db
    .update(agencyClients)
    .set({ status: "active", acceptedAt: now, updatedAt: now })
    .where(and(eq(agencyClients.agencyId, agencyId), eq(agencyClients.id, linkId), eq(agencyClients.status, "pending")))
    .returning();
  return row ?? null;
}

/**
 * Deletes a pending request the agency declines, so the company can ask
 * again later; the audit event keeps the record. Returns null unless the link
 * is pending for this agency.
 */
export async function deletePendingLinkOfAgency(db: Executor, agencyId: string, linkId: string): Promise<AgencyLinkRow | null> {
  const [row] = await db
    .delete(agencyClients)
    .where(and(eq(agencyClients.agencyId, agencyId), eq(agencyClients.id, linkId), eq(agencyClients.status, "pending")))
    .returning();
  return row ?? null;
}

// ---- assignments ---------------------------------------------------------

export interface AssignmentWithMember extends AssignmentRow {
  userId: string;
  memberName: string;
  memberEmail: string;
}

export async function listAssignments(db: Executor, agencyId: string): Promise<AssignmentWithMember[]> {
  return db
    .select({
      organizationId: agencyAssignments.organizationId,
      id: agencyAssignments.id,
      membershipId: agencyAssignments.membershipId,
      clientOrganizationId: agencyAssignments.clientOrganizationId,
      createdAt: agencyAssignments.createdAt,
      userId: users.id,
      memberName: users.name,
      memberEmail: users.email,
    })
    .from(agencyAssignments)
    .innerJoin(
      memberships,
      and(eq(memberships.organizationId, agencyAssignments.organizationId), eq(memberships.id, agencyAssignments.membershipId)),
    )
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(agencyAssignments.organizationId, agencyId))
    .orderBy(asc(users.name));
}

/** Inserts an assignment; returns null when the member already works on the client. */
export async function insertAssignment(
  db: Executor,
  agencyId: string,
  values: { membershipId: string; clientOrganizationId: string },
): Promise<AssignmentRow | null> {
  const [row] = await db
    .insert(agencyAssignments)
    .values({ organizationId: agencyId, ...values })
    .onConflictDoNothing({
      target: [agencyAssignments.organizationId, agencyAssignments.membershipId, agencyAssignments.clientOrganizationId],
    })
    .returning();
  return row ?? null;
}

export async function deleteAssignment(db: Executor, agencyId: string, assignmentId: string): Promise<AssignmentRow | null> {
  const [row] = await db
    .delete(agencyAssignments)
    .where(and(eq(agencyAssignments.organizationId, agencyId), eq(agencyAssignments.id, assignmentId)))
    .returning();
  return row ?? null;
}

export async function findMembership(db: Executor, organizationId: string, membershipId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)));
  return row ?? null;
}

// ---- names across the link -----------------------------------------------

/**
 * Ids, slugs and names of the given organizations. Row-level security returns
 * only those in the transaction's scope, so a caller reading the other side
 * of a link widens the scope to exactly those ids first.
 */
export async function listOrganizationSummaries(db: Executor, organizationIds: readonly string[]): Promise<OrganizationSummary[]> {
  if (organizationIds.length === 0) return [];
  return db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name, kind: organizations.kind })
    .from(organizations)
    .where(inArray(organizations.id, [...organizationIds]))
    .orderBy(asc(organizations.name));
}
