import { sql } from "drizzle-orm";
import type { Executor } from "../connect";
import type { Branch, Role } from "@/lib/auth/permissions";

/**
 * Look-ups that run before an organization is chosen. Each calls a SECURITY
 * DEFINER function of the schema, so it works under row-level security while
 * returning only what its caller needs.
 */

export interface EffectiveMembership {
  organizationId: string;
  slug: string;
  name: string;
  kind: "company" | "agency";
  /** The user's own membership row, or null for access through an agency. */
  membershipId: string | null;
  role: Role;
  branch: Branch | null;
  /** The agency whose link grants this access, or null for a direct membership. */
  viaAgencyId: string | null;
}

type Row = Record<string, unknown>;

function rowsOf(result: unknown): Row[] {
  // PGlite returns { rows }, postgres-js returns the rows array itself.
  if (Array.isArray(result)) return result as Row[];
  return ((result as { rows?: Row[] }).rows ?? []) as Row[];
}

const ROLE_RANK: Record<Role, number> = {
  admin: 5,
  agency_admin: 5,
  branch_owner: 3,
  agency_member: 3,
  contributor: 2,
  executive: 1,
};

/**
 * Lists every organization the user may open, one entry each: a direct membership,
 * or admin rights through an agency (all clients for agency admins, assigned
 * clients for agency members). The stronger role wins when both exist.
 */
export async function listEffectiveMemberships(db: Executor, userId: string): Promise<EffectiveMembership[]> {
  const result = await db.execute(sql`select * from backsolve_effective_memberships(${userId}::uuid)`);
  const best = new Map<string, EffectiveMembership>();
  for (const row of rowsOf(result)) {
    const entry: EffectiveMembership = {
      organizationId: String(row.organization_id),
      slug: String(row.slug),
      name: String(row.name),
      kind: row.kind === "agency" ? "agency" : "company",
      membershipId: row.membership_id ? String(row.membership_id) : null,
      role: row.role as Role,
      branch: (row.branch as Branch | null) ?? null,
      viaAgencyId: row.via_agency_id ? String(row.via_agency_id) : null,
    };
    const current = best.get(entry.organizationId);
    const stronger = !current || ROLE_RANK[entry.role] > ROLE_RANK[current.role];
    // On equal rank a direct membership wins, so KPI ownership keeps working.
    const sameButDirect = current && ROLE_RANK[entry.role] === ROLE_RANK[current.role] && entry.membershipId && !current.membershipId;
    if (stronger || sameButDirect) best.set(entry.organizationId, entry);
  }
  return [...best.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function findUserForSignIn(
  db: Executor,
  email: string,
): Promise<{ id: string; email: string; name: string; passwordHash: string } | null> {
  const [row] = rowsOf(await db.execute(sql`select * from backsolve_user_for_sign_in(${email})`));
  if (!row) return null;
  return { id: String(row.id), email: String(row.email), name: String(row.name), passwordHash: String(row.password_hash) };
}

export async function emailIsTaken(db: Executor, email: string): Promise<boolean> {
  const [row] = rowsOf(await db.execute(sql`select backsolve_email_taken(${email}) as taken`));
  return row?.taken === true;
}

export async function slugIsTaken(db: Executor, slug: string): Promise<boolean> {
  const [row] = rowsOf(await db.execute(sql`select backsolve_slug_taken(${slug}) as taken`));
  return row?.taken === true;
}

export async function findAgencyBySlug(db: Executor, slug: string): Promise<{ id: string; slug: string; name: string } | null> {
  const [row] = rowsOf(await db.execute(sql`select * from backsolve_agency_by_slug(${slug})`));
  return row ? { id: String(row.id), slug: String(row.slug), name: String(row.name) } : null;
}

export interface InvitationByToken {
  organizationId: string;
  id: string;
  email: string;
  role: Role;
  branch: Branch | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  organizationSlug: string;
  organizationName: string;
  organizationKind: "company" | "agency";
}

const toDate = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string | Date));

export async function findInvitationByTokenHash(db: Executor, tokenHash: string): Promise<InvitationByToken | null> {
  const [row] = rowsOf(await db.execute(sql`select * from backsolve_invitation_by_token(${tokenHash})`));
  if (!row) return null;
  return {
    organizationId: String(row.organization_id),
    id: String(row.id),
    email: String(row.email),
    role: row.role as Role,
    branch: (row.branch as Branch | null) ?? null,
    expiresAt: toDate(row.expires_at)!,
    acceptedAt: toDate(row.accepted_at),
    revokedAt: toDate(row.revoked_at),
    organizationSlug: String(row.organization_slug),
    organizationName: String(row.organization_name),
    organizationKind: row.organization_kind === "agency" ? "agency" : "company",
  };
}
