import { asc, eq } from "drizzle-orm";
import type { Database, Executor } from "../connect";
import { withTenant } from "../tenant";
import { listEffectiveMemberships } from "./access";
import { memberships, organizations, users } from "../schema";
import type { Branch, Role } from "@/lib/auth/permissions";

export type Organization = typeof organizations.$inferSelect;

export interface Member {
  organization: Organization;
  /** The user's own membership, or null when an agency grants the access. */
  membershipId: string | null;
  userId: string;
  role: Role;
  branch: Branch | null;
  /** The agency whose link grants this access, or null for a direct membership. */
  viaAgencyId: string | null;
}

/**
 * Resolves the user's access to the organization a URL names: a direct
 * membership or rights through an agency. Returns null both when the
 * organization does not exist and when the user may not open it, so callers
 * cannot tell the two apart.
 */
export async function findMemberBySlug(db: Database, userId: string, slug: string): Promise<Member | null> {
  const access = (await listEffectiveMemberships(db, userId)).find((entry) => entry.slug === slug);
  if (!access) return null;
  const organization = await withTenant(db, { userId, organizationIds: [access.organizationId] }, async (tx) => {
    const [row] = await tx.select().from(organizations).where(eq(organizations.id, access.organizationId));
    return row ?? null;
  });
  if (!organization) return null;
  return {
    organization,
    membershipId: access.membershipId,
    userId,
    role: access.role,
    branch: access.branch,
    viaAgencyId: access.viaAgencyId,
  };
}

/** Lists the organizations a user may open, for the switcher. It runs before any organization is chosen. */
export async function listOrganizationsOfUser(db: Executor, userId: string) {
  const entries = await listEffectiveMemberships(db, userId);
  return entries.map(({ slug, name, role, kind, viaAgencyId }) => ({ slug, name, role, kind, viaAgencyId }));
}

export { slugIsTaken } from "./access";

export async function insertOrganization(
  db: Executor,
  values: { id?: string; slug: string; name: string; timeZone: string; kind?: "company" | "agency" },
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

/** Picks the settings an admin edits from the organization's row. */
export function settingsOf(organization: Organization): OrganizationSettings {
  return {
    name: organization.name,
    fiscalYearStartMonth: organization.fiscalYearStartMonth,
    weekStartsOn: organization.weekStartsOn,
    fiscalYearNaming: organization.fiscalYearNaming,
    monthPattern: organization.monthPattern,
    currency: organization.currency,
    timeZone: organization.timeZone,
    meetingWeekday: organization.meetingWeekday,
    meetingTime: organization.meetingTime,
  };
}

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
