import pino from "pino";

// Secrets that must never reach a log line: passwords and their hashes,
// invitation and session tokens, cookies, authorization headers and the
// signing secret. Each name is redacted at the top level and up to two
// objects deep (for example `credentials.password`, `req.headers.cookie`).
const SECRET_KEYS = [
  "password",
  "newPassword",
  "currentPassword",
  "passwordHash",
  "token",
  "tokenHash",
  "sessionToken",
  "csrfToken",
  "accessToken",
  "refreshToken",
  "secret",
  "cookie",
  "cookies",
  "authorization",
  "set-cookie",
];

function pathOf(prefix: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${prefix}${key}` : `${prefix}["${key}"]`;
}

export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => [pathOf("", key), pathOf("*.", key), pathOf("*.*.", key)]);

export const loggerOptions: pino.LoggerOptions = {
  name: "backsolve",
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
};

/**
 * The application's one structured logger. Request handlers bind user,
 * organization and action ids with `logger.child`. The keys in REDACTED_PATHS
 * are replaced by "[redacted]" up to two objects deep. A secret inside a
 * message string or deeper in an object is not found, so never put one there.
 */
export const logger = pino(loggerOptions);

export type Logger = typeof logger;
