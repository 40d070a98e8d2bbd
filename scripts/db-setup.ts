import { sql } from "drizzle-orm";
import postgres from "postgres";
import { databaseConfigFromEnv, describeDatabase } from "@/db/config";
import { openDatabase } from "@/db/connect";
import { APP_ROLE } from "@/db/tenant";

/**
 * Prepares a PostgreSQL database for Backsolve: creates the application's
 * login role (idempotently, with the password from DATABASE_URL), applies the
 * migrations as the owner from DATABASE_OWNER_URL, and grants the role its
 * privileges. Row-level security applies to that role; it is not a superuser.
 */
async function main(): Promise<void> {
  const config = databaseConfigFromEnv();
  if (config.kind !== "postgres") {
    console.log("DATABASE_URL is not set: the embedded database needs no setup; `npm run db:migrate` applies the migrations.");
    return;
  }
  const ownerUrl = config.ownerUrl ?? config.url;
  const appUrl = new URL(config.url);
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    if (decodeURIComponent(appUrl.username) === APP_ROLE) {
      const password = decodeURIComponent(appUrl.password);
      if (!password) throw new Error(`DATABASE_URL names the ${APP_ROLE} role without a password; add one.`);
      const [existing] = await owner`select 1 from pg_roles where rolname = ${APP_ROLE}`;
      // Role names cannot be bound as parameters; APP_ROLE is a constant and the
      // password is quoted by format().
      const verb = existing ? "alter" : "create";
      const [formatted] = await owner`select format(${`${verb} role ${APP_ROLE} login password %L`}, ${password}::text) as statement`;
      await owner.unsafe(String(formatted?.statement));
      console.log(`${existing ? "Updated" : "Created"} the login role ${APP_ROLE}.`);
    } else {
      console.log(`DATABASE_URL connects as "${appUrl.username}", not ${APP_ROLE}; every request still switches to ${APP_ROLE}, which the migrations create.`);
    }
  } finally {
    await owner.end({ timeout: 5 });
  }

  const handle = await openDatabase({ ...config, url: ownerUrl, ownerUrl });
  try {
    await handle.migrate();
    await handle.db.execute(
      // Re-run the grants: the migration that makes them may have run before the role existed.
      sql.raw(
        `grant usage on schema public to ${APP_ROLE}; ` +
          `grant select, insert, update, delete on all tables in schema public to ${APP_ROLE}; ` +
          `grant execute on all functions in schema public to ${APP_ROLE}`,
      ),
    );
    console.log(`Migrations and grants applied to ${describeDatabase(config)}.`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error("Database setup failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
