import type { Database } from "@/db/connect";
import { findMemberBySlug, type Member } from "@/db/queries/organizations";
import { can, type Permission } from "./permissions";
import type { SessionUser } from "./session-user";

/**
 * Every tenant page, the kind of organization its slug must name, and the
 * permission it needs. Pages resolve access through `authorizeRoute`, and
 * the authorization matrix test walks this table for every role.
 */
export const ROUTES = {
  "/o/[orgSlug]": { kind: "company", permission: "organization:read" },
  "/o/[orgSlug]/plan": { kind: "company", permission: "organization:read" },
  "/o/[orgSlug]/plan/[year]": { kind: "company", permission: "organization:read" },
  "/o/[orgSlug]/scorecard": { kind: "company", permission: "organization:read" },
  "/o/[orgSlug]/settings": { kind: "company", permission: "settings:edit" },
  "/o/[orgSlug]/settings/members": { kind: "company", permission: "members:manage" },
  "/o/[orgSlug]/settings/agencies": { kind: "company", permission: "agencies:manage" },
  "/o/[orgSlug]/audit": { kind: "company", permission: "audit:read" },
  "/a/[agencySlug]": { kind: "agency", permission: "portfolio:read" },
  "/a/[agencySlug]/clients": { kind: "agency", permission: "portfolio:read" },
  "/a/[agencySlug]/members": { kind: "agency", permission: "members:manage" },
} as const satisfies Record<string, { kind: "company" | "agency"; permission: Permission }>;

export type RoutePattern = keyof typeof ROUTES;

export type RouteDecision =
  | { outcome: "sign_in" }
  | { outcome: "not_found" }
  | { outcome: "not_allowed"; member: Member; permission: Permission }
  | { outcome: "allowed"; member: Member };

/**
 * Applies a page's rule to a resolved member. No access, or an organization of
 * the other kind, is "not found", the same as a missing organization. A role
 * without the page's permission is "not allowed".
 */
export function decideRoute(member: Member | null, route: RoutePattern): Exclude<RouteDecision, { outcome: "sign_in" }> {
  const rule = ROUTES[route];
  if (!member || member.organization.kind !== rule.kind) return { outcome: "not_found" };
  if (!can(member, rule.permission)) return { outcome: "not_allowed", member, permission: rule.permission };
  return { outcome: "allowed", member };
}

/** Decides whether a user may open a tenant page; a signed-out visitor must sign in first. */
export async function authorizeRoute(
  db: Database,
  user: SessionUser | null,
  slug: string,
  route: RoutePattern,
): Promise<RouteDecision> {
  if (!user) return { outcome: "sign_in" };
  return decideRoute(await findMemberBySlug(db, user.id, slug), route);
}
