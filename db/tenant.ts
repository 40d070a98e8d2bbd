import { sql } from "drizzle-orm";
import type { Database, Transaction } from "./connect";

/** Whose request a transaction serves: row-level security shows only these organizations' rows. */
export interface TenantScope {
  userId: string | null;
  organizationIds: readonly string[];
}

/** The non-superuser role whose privileges, and row-level security, every request runs under. */
export const APP_ROLE = "backsolve_app";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `work` in a transaction scoped to the given user and organizations.
 * The settings are transaction-local, so a pooled connection never carries
 * one request's scope into the next. Switching to the application role makes
 * row-level security apply even when the connection itself is a superuser,
 * as PGlite's always is.
 */
export async function withTenant<T>(db: Database, scope: TenantScope, work: (tx: Transaction) => Promise<T>): Promise<T> {
  for (const id of [scope.userId, ...scope.organizationIds]) {
    if (id !== null && !UUID.test(id)) throw new Error(`Tenant scope id "${id}" is not a UUID`);
  }
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('backsolve.user_id', ${scope.userId ?? ""}, true), set_config('backsolve.organization_ids', ${scope.organizationIds.join(",")}, true)`,
    );
    await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
    return work(tx);
  });
}

/**
 * Widens the current transaction's scope to more organizations, for the few
 * actions that create or read across linked organizations (an agency creating
 * a client, the agency portfolio). Callers must have verified the caller's
 * right to each id first.
 */
export async function extendScope(tx: Transaction, organizationIds: readonly string[]): Promise<void> {
  for (const id of organizationIds) {
    if (!UUID.test(id)) throw new Error(`Tenant scope id "${id}" is not a UUID`);
  }
  await tx.execute(
    sql`select set_config('backsolve.organization_ids', concat_ws(',', nullif(current_setting('backsolve.organization_ids', true), ''), ${organizationIds.join(",")}::text), true)`,
  );
}
