import { defineConfig } from "drizzle-kit";

// Generating migrations needs no database. `npm run db:migrate` applies them
// through scripts/migrate.ts, which handles both PGlite and PostgreSQL.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
  strict: true,
  verbose: true,
});
