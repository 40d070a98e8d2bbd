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
