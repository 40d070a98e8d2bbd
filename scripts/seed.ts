import { databaseConfigFromEnv, describeDatabase } from "@/db/config";
import { DatabaseLockedError, openDatabase } from "@/db/connect";
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG, seedDemo } from "@/db/seed/demo";
import { todayIn } from "@/lib/clock";

/** Migrates the configured database and creates the Wehenger demo once. */
async function main(): Promise<void> {
  const config = databaseConfigFromEnv();
  // Setup work runs as the schema owner when one is configured: the application
  // role is subject to row-level security.
  const handle = await openDatabase(config.kind === "postgres" ? { ...config, url: config.ownerUrl ?? config.url } : config);
  try {
    await handle.migrate();
    const outcome = await seedDemo(handle.db, todayIn("America/Chicago"));
    if (outcome.created) {
      console.log(`Created the demo organization "${DEMO_SLUG}" in ${describeDatabase(config)}: FY${outcome.fiscalYear} plan, ${outcome.enteredWeeks} weekly actuals.`);
    } else {
      console.log(`The demo organization "${DEMO_SLUG}" already exists in ${describeDatabase(config)}; nothing changed.`);
    }
    console.log(`Demo login: ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof DatabaseLockedError) console.error(error.message);
  else console.error("Seeding failed:", error);
  process.exit(1);
});
