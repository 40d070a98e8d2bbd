import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import type { Transaction } from "@/db/connect";
import { withTenant } from "@/db/tenant";
import { findMemberBySlug, type Member } from "@/db/queries/organizations";
import { logger } from "@/lib/logger";
import { decideRoute, type RoutePattern } from "./routes";
import { requireSessionUser, type SessionUser } from "./session";

export interface PageMember extends Member {
  user: SessionUser;
}

/**
 * Resolves the signed-in member of the organization a page's URL names.
 * Signed-out visitors go to sign-in; a non-member, like a missing
 * organization, gets a 404.
 */
export const requireMember = cache(async (orgSlug: string, returnTo: string): Promise<PageMember> => {
  const user = await requireSessionUser(returnTo);
  const member = await findMemberCached(user.id, orgSlug);
  if (!member) {
    logger.warn({ userId: user.id, orgSlug, reason: "not_member" }, "page denied");
    notFound();
  }
  return { ...member, user };
});

// One membership lookup per request, shared by a layout and its page.
const findMemberCached = cache(async (userId: string, slug: string) => findMemberBySlug(await getDb(), userId, slug));

export type PageAccess = { allowed: true; member: PageMember } | { allowed: false; member: PageMember };

/**
 * Resolves access to a tenant page through the route table: signed-out
 * visitors go to sign-in, anyone without access to the organization gets a
 * 404, and a member whose role lacks the page's permission gets
 * `allowed: false` (the page then renders its "not allowed" message).
 */
export const requireRoute = cache(async (route: RoutePattern, slug: string, returnTo: string): Promise<PageAccess> => {
  const user = await requireSessionUser(returnTo);
  const decision = decideRoute(await findMemberCached(user.id, slug), route);
  if (decision.outcome === "not_found") {
    logger.warn({ userId: user.id, orgSlug: slug, route, reason: "not_member" }, "page denied");
    notFound();
  }
  const member = { ...decision.member, user };
  if (decision.outcome === "not_allowed") {
    logger.warn(
      { userId: user.id, organizationId: member.organization.id, route, permission: decision.permission, reason: "missing_permission" },
      "page denied",
    );
    return { allowed: false, member };
  }
  return { allowed: true, member };
});

/** Runs a page's reads in a transaction scoped to the member's organization. */
export async function readAsMember<T>(member: PageMember, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return withTenant(await getDb(), { userId: member.user.id, organizationIds: [member.organization.id] }, work);
}
