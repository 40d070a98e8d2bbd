import type { Database } from "@/db/connect";
import { insertMembership, insertOrganization, type Organization } from "@/db/queries/organizations";
import { insertUser, type PublicUser } from "@/db/queries/users";
import type { Branch, Role } from "@/lib/auth/permissions";

export interface SeededMember {
  user: PublicUser;
  membershipId: string;
}

/** Creates an organization with one member per requested role; password hashes are placeholders. */
export async function seedOrganization(
  db: Database,
  slug: string,
  roles: { role: Role; branch?: Branch }[] = [{ role: "admin" }],
): Promise<{ organization: Organization; members: SeededMember[] }> {
  const organization = await insertOrganization(db, { slug, name: `Org ${slug}`, timeZone: "America/Chicago" });
  const members: SeededMember[] = [];
  for (const [index, { role, branch }] of roles.entries()) {
    const user = await insertUser(db, {
      email: `${role}${index}@${slug}.test`,
      name: `${role} ${index} of ${slug}`,
      passwordHash: "not-a-hash",
    });
    const membership = await insertMembership(db, { organizationId: organization.id, userId: user.id, role, branch: branch ?? null });
    members.push({ user, membershipId: membership.id });
  }
  return { organization, members };
}
