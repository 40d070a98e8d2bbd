import { databaseConfigFromEnv, describeDatabase } from "@/db/config";
import { DatabaseLockedError, openDatabase } from "@/db/connect";

/** Applies the committed migrations to the configured database. */
async function main(): Promise<void> {
  const config = databaseConfigFromEnv();
  // Setup work runs as the schema owner when one is configured: the application
  // role is subject to row-level security.
  const handle = await openDatabase(config.kind === "postgres" ? { ...config, url: config.ownerUrl ?? config.url } : config);
  try {
    await handle.migrate();
    console.log(`Migrations applied to ${describeDatabase(config)}.`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof DatabaseLockedError) console.error(error.message);
  else console.error("Migration failed:", error);
  process.exit(1);
});
