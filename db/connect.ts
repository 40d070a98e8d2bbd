import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import lockfile from "proper-lockfile";
import postgres from "postgres";
import type { DatabaseConfig } from "./config";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database or an open transaction: data functions accept either. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  config: DatabaseConfig;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export class DatabaseLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `The embedded database at ${dataDir} is in use by another process (a running Backsolve server, ` +
        `seed or migration). Stop that process first, or set PGLITE_DATA_DIR to another folder.`,
    );
    this.name = "DatabaseLockedError";
  }
}

/**
 * Takes an exclusive lock beside a PGlite data folder. PGlite itself has no
 * lock between processes: a second process could open the folder and write
 * changes that the first one never reads.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: `${dataDir}.lock`,
      realpath: false,
      // Starting PGlite compiles WebAssembly and can block the event loop for
      // many seconds on a busy machine, so the lock's heartbeat must tolerate
      // long gaps. A lock left by a killed process frees itself after a minute.
      stale: 60_000,
      update: 10_000,
      onCompromised: (error) => {
        // The lock was taken over, so this process may no longer write safely.
        console.error(`Lost the lock on ${dataDir}: ${error.message}`);
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") throw new DatabaseLockedError(dataDir);
    throw error;
  }
}

/** Opens the database the configuration names; PGlite folders are created and locked. */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.kind === "postgres") {
    const client = postgres(config.url, { max: 10, onnotice: () => {} });
    const db = drizzlePostgres({ client, schema, casing: "snake_case" }) as unknown as Database;
    const ownerUrl = config.ownerUrl;
    return {
      db,
      config,
      migrate: async () => {
        if (!ownerUrl) return migratePostgres(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
        // Migrations change the schema, so they run as its owner, not as the application.
        const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
        try {
          await migratePostgres(drizzlePostgres({ client: owner, casing: "snake_case" }) as never, { migrationsFolder: MIGRATIONS_FOLDER });
        } finally {
          await owner.end({ timeout: 5 });
        }
      },
      close: () => client.end({ timeout: 5 }),
    };
  }

  const inMemory = config.dataDir.startsWith("memory://");
  let release: (() => Promise<void>) | null = null;
  if (!inMemory) {
    // PGlite does not create missing parent folders.
    fs.mkdirSync(path.dirname(config.dataDir), { recursive: true });
    release = await lockDataDir(config.dataDir);
  }
  try {
    const client = await PGlite.create(inMemory ? undefined : config.dataDir);
    const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Database;
    return {
      db,
      config,
      migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
      close: async () => {
        await client.close();
        await release?.();
      },
    };
  } catch (error) {
    await release?.();
    throw error;
  }
}
