import type { Database } from "@/db/connect";
import { listOrganizationSummaries, type OrganizationSummary } from "@/db/queries/agencies";
import { withTenant } from "@/db/tenant";

/**
 * Reads the names of the organizations on the other side of a user's agency
 * links: the agencies a company has invited, or the companies that asked an
 * agency for access. It runs in its own transaction scoped to exactly those
 * ids, so it cannot widen the scope of the caller's reads. Callers pass only
 * ids taken from links that the user's organization may see.
 */
export async function readLinkedOrganizations(
  db: Database,
  userId: string,
  organizationIds: readonly string[],
): Promise<Map<string, OrganizationSummary>> {
  const ids = [...new Set(organizationIds)];
  if (ids.length === 0) return new Map();
  const rows = await withTenant(db, { userId, organizationIds: ids }, (tx) => listOrganizationSummaries(tx, ids));
  return new Map(rows.map((row) => [row.id, row]));
}
