import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../connect";
import { memberships, organizations, users } from "../schema";
import type { Branch, Role } from "@/lib/auth/permissions";

export type Organization = typeof organizations.$inferSelect;

export interface Member {
  organization: Organization;
  membershipId: string;
  userId: string;
  role: Role;
  branch: Branch | null;
}

/**
 * Resolves a user's membership in the organization a URL names. Returns null
 * both when the organization does not exist and when the user is not a member,
 * so callers cannot tell the two apart.
 */
export async function findMemberBySlug(db: Executor, userId: string, slug: string): Promise<Member | null> {
  const [row] = await db
    .select({ organization: organizations, membership: memberships })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(organizations.slug, slug), eq(memberships.userId, userId)));
  if (!row) return null;
  return {
    organization: row.organization,
    membershipId: row.membership.id,
    userId: row.membership.userId,
    role: row.membership.role,
    branch: row.membership.branch,
  };
}

/** The organizations a user belongs to, for the switcher; runs before any organization is chosen. */
export async function listOrganizationsOfUser(db: Executor, userId: string) {
  return db
    .select({ slug: organizations.slug, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

export async function slugIsTaken(db: Executor, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug));
  return row !== undefined;
}

export async function insertOrganization(
  db: Executor,
  values: { slug: string; name: string; timeZone: string },
): Promise<Organization> {
  const [row] = await db.insert(organizations).values(values).returning();
  if (!row) throw new Error("Inserting the organization returned no row");
  return row;
}

export async function insertMembership(
  db: Executor,
  values: { organizationId: string; userId: string; role: Role; branch?: Branch | null },
) {
  const [row] = await db
    .insert(memberships)
    .values({ ...values, branch: values.branch ?? null })
    .returning();
  if (!row) throw new Error("Inserting the membership returned no row");
  return row;
}

export type OrganizationSettings = Pick<
  Organization,
  | "name"
  | "fiscalYearStartMonth"
  | "weekStartsOn"
  | "fiscalYearNaming"
  | "monthPattern"
  | "currency"
  | "timeZone"
  | "meetingWeekday"
  | "meetingTime"
>;

export async function updateOrganizationSettings(
  db: Executor,
  organizationId: string,
  values: OrganizationSettings,
): Promise<Organization | null> {
  const [row] = await db
    .update(organizations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(organizations.id, organizationId))
    .returning();
  return row ?? null;
}

/** Members with their names, for owner pickers. */
export async function listMembers(db: Executor, organizationId: string) {
  return db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      branch: memberships.branch,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(asc(users.name));
}
