import "server-only";
import { logger } from "@/lib/logger";
import { databaseConfigFromEnv, describeDatabase } from "./config";
import { openDatabase, type Database, type DatabaseHandle } from "./connect";

// One handle per server process, kept on globalThis because `next dev` reloads
// modules: a second PGlite on the same folder would corrupt it.
const globalForDb = globalThis as unknown as { backsolveDb?: Promise<DatabaseHandle> };

async function start(): Promise<DatabaseHandle> {
  const config = databaseConfigFromEnv();
  const handle = await openDatabase(config);
  await handle.migrate();
  logger.info({ database: describeDatabase(config) }, "database ready");
  return handle;
}

/** Returns the server's database, opening and migrating it on first use. */
export async function getDb(): Promise<Database> {
  if (!globalForDb.backsolveDb) {
    globalForDb.backsolveDb = start().catch((error: unknown) => {
      // A failed start is not cached: the next request tries again.
      globalForDb.backsolveDb = undefined;
      logger.error({ err: error }, "database start failed");
      throw error;
    });
  }
  return (await globalForDb.backsolveDb).db;
}

export type { Database, Executor } from "./connect";
