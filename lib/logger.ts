import pino from "pino";

/**
 * The application's one structured logger. Request handlers bind user,
 * organization and action ids with `logger.child`. Passwords, tokens and
 * session cookies are redacted wherever they appear in a logged object.
 */
export const logger = pino({
  name: "backsolve",
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  redact: {
    paths: ["password", "*.password", "passwordHash", "*.passwordHash", "token", "*.token", "cookie", "*.cookie"],
    censor: "[redacted]",
  },
});

export type Logger = typeof logger;
