import path from "node:path";
import { z } from "zod";

/** Database location: an embedded PGlite folder by default, PostgreSQL when DATABASE_URL is set. */
export type DatabaseConfig =
  | { kind: "pglite"; dataDir: string }
  /** `ownerUrl` runs migrations when the application connects as a less privileged role. */
  | { kind: "postgres"; url: string; ownerUrl?: string };

export const DEFAULT_PGLITE_DIR = ".data/pglite";

const environmentSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
      message: "DATABASE_URL must start with postgres:// or postgresql://; unset it to use the embedded database",
    }),
  DATABASE_OWNER_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
      message: "DATABASE_OWNER_URL must start with postgres:// or postgresql://",
    }),
  PGLITE_DATA_DIR: z.string().trim().optional(),
});

/**
 * Reads the database settings from the environment and rejects a malformed
 * DATABASE_URL at start-up rather than at the first query.
 */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => issue.message).join("; ");
    throw new Error(`Invalid database settings: ${message}`);
  }
  if (parsed.data.DATABASE_URL) {
    return { kind: "postgres", url: parsed.data.DATABASE_URL, ownerUrl: parsed.data.DATABASE_OWNER_URL };
  }
  const dataDir = parsed.data.PGLITE_DATA_DIR || DEFAULT_PGLITE_DIR;
  return { kind: "pglite", dataDir: dataDir.startsWith("memory://") ? dataDir : path.resolve(/* turbopackIgnore: true */ dataDir) };
}

/** Describes the database for logs and messages, without its password. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === "pglite") return `embedded PGlite at ${config.dataDir}`;
  const url = new URL(config.url);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
