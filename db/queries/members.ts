import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../connect";
import { agencyClients, kpis, memberships, organizations, users } from "../schema";
import type { Branch, Role } from "@/lib/auth/permissions";

export interface MemberRow {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  branch: Branch | null;
  /** KPIs of any plan year whose weekly actual this member enters. */
  ownedKpiCount: number;
}

/** Lists the organization's own members with their names and the number of KPIs each owns. */
export async function listMemberRows(db: Executor, organizationId: string): Promise<MemberRow[]> {
  return selectMemberRows(db, organizationId);
}

export async function findMemberRow(db: Executor, organizationId: string, membershipId: string): Promise<MemberRow | null> {
  const [row] = await selectMemberRows(db, organizationId, eq(memberships.id, membershipId));
  return row ?? null;
}

/** Finds the member whose account uses this address, compared without regard to case. */
export async function findMemberRowByEmail(db: Executor, organizationId: string, email: string): Promise<MemberRow | null> {
  const [row] = await selectMemberRows(db, organizationId, sql`lower(${users.email}) = lower(${email})`);
  return row ?? null;
}

function selectMemberRows(db: Executor, organizationId: string, condition?: SQL): Promise<MemberRow[]> {
  const owned = db
    .select({ membershipId: kpis.ownerMembershipId, total: count().as("total") })
    .from(kpis)
    .where(eq(kpis.organizationId, organizationId))
    .groupBy(kpis.ownerMembershipId)
    .as("owned");
  return db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      branch: memberships.branch,
      ownedKpiCount: sql<number>`coalesce(${owned.total}, 0)`.mapWith(Number),
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(owned, eq(owned.membershipId, memberships.id))
    .where(and(eq(memberships.organizationId, organizationId), condition))
    .orderBy(asc(users.name), asc(users.email));
}

/** Lists the users whose membership has the given role. */
export async function listUserIdsWithRole(db: Executor, organizationId: string, role: Role): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, role)));
  return rows.map((row) => row.userId);
}

export async function updateMembershipRole(
  db: Executor,
  organizationId: string,
  membershipId: string,
  values: { role: Role; branch: Branch | null },
) {
  const [row] = await db
    .update(memberships)
    .set({ role: values.role, branch: values.branch, updatedAt: new Date() })
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)))
    .returning();
  return row ?? null;
}

export async function deleteMembership(db: Executor, organizationId: string, membershipId: string) {
  const [row] = await db
    .delete(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)))
    .returning();
  return row ?? null;
}

/** Leaves every KPI the member owns without an owner; returns those KPIs. */
export async function clearKpiOwner(
  db: Executor,
  organizationId: string,
  membershipId: string,
): Promise<{ id: string; name: string; planId: string }[]> {
  return db
    .update(kpis)
    .set({ ownerMembershipId: null, updatedAt: new Date() })
    .where(and(eq(kpis.organizationId, organizationId), eq(kpis.ownerMembershipId, membershipId)))
    .returning({ id: kpis.id, name: kpis.name, planId: kpis.planId });
}

export interface AgencyLink {
  agencyId: string;
  createdByAgency: boolean;
}

/** Lists the agencies that currently have access to the organization as its client. */
export async function listActiveAgencyLinks(db: Executor, organizationId: string): Promise<AgencyLink[]> {
  return db
    .select({ agencyId: agencyClients.agencyId, createdByAgency: agencyClients.createdByAgency })
    .from(agencyClients)
    .where(and(eq(agencyClients.organizationId, organizationId), eq(agencyClients.status, "active")))
    .orderBy(asc(agencyClients.createdAt));
}

export interface AgencyAdminRow {
  agencyId: string;
  agencyName: string;
  userId: string;
  name: string;
  email: string;
}

/**
 * Lists the `agency_admin` members of the given agencies. Row-level security hides
 * them unless the transaction's scope includes the agencies.
 */
export async function listAgencyAdmins(db: Executor, agencyIds: readonly string[]): Promise<AgencyAdminRow[]> {
  if (agencyIds.length === 0) return [];
  return db
    .select({
      agencyId: organizations.id,
      agencyName: organizations.name,
      userId: users.id,
      name: users.name,
      email: users.email,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        inArray(memberships.organizationId, [...agencyIds]),
        eq(memberships.role, "agency_admin"),
        eq(organizations.kind, "agency"),
      ),
    )
    .orderBy(asc(organizations.name), asc(users.name));
}

/** Lists agency names by id, for agencies in the transaction's scope. */
export async function listAgencyNames(db: Executor, agencyIds: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (agencyIds.length === 0) return [];
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(and(inArray(organizations.id, [...agencyIds]), eq(organizations.kind, "agency")))
    .orderBy(asc(organizations.name));
}

/**
 * Makes membership changes of one organization take turns until commit, so
 * two admins demoting each other at once cannot both pass the last-admin check.
 */
export async function lockMemberships(db: Executor, organizationId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`backsolve:memberships:${organizationId}`}))`);
}

/** Finds the user's own membership in the organization, if any. */
export async function findMembershipOfUser(db: Executor, organizationId: string, userId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  return row ?? null;
}
