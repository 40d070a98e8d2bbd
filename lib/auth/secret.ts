import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databaseConfigFromEnv } from "@/db/config";
import { logger } from "@/lib/logger";

/**
 * Returns the key that signs session cookies. NEXTAUTH_SECRET wins; without it, an
 * installation on the embedded database keeps a random key beside its data
 * so that `npm run demo` works with no configuration. A PostgreSQL
 * installation must set the secret itself.
 */
export function resolveAuthSecret(): string {
  const configured = process.env.NEXTAUTH_SECRET?.trim();
  if (configured) return configured;

  const database = databaseConfigFromEnv();
  if (database.kind !== "pglite" || database.dataDir.startsWith("memory://")) {
    throw new Error("NEXTAUTH_SECRET is not set. Set it to a random string of at least 32 characters (openssl rand -base64 32).");
  }
  const secretFile = path.join(path.dirname(database.dataDir), "auth-secret");
  if (fs.existsSync(secretFile)) return fs.readFileSync(secretFile, "utf8").trim();

  const secret = crypto.randomBytes(32).toString("base64url");
  fs.mkdirSync(path.dirname(secretFile), { recursive: true });
  fs.writeFileSync(secretFile, secret, { mode: 0o600 });
  logger.warn({ secretFile }, "NEXTAUTH_SECRET is not set; created a local session key for the embedded database");
  return secret;
}
