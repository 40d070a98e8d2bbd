import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { SIGN_IN_UNAVAILABLE } from "@/app/sign-in/sign-in-error";
import { getDb } from "@/db";
import type { Executor } from "@/db/connect";
import { findUserForSignIn } from "@/db/queries/users";
import { now } from "@/lib/clock";
import { logger } from "@/lib/logger";
import { verifyPassword } from "./password";
import { resolveAuthSecret } from "./secret";
import { clientAddress, emailFingerprint, signInLimiter, trustedProxyFromEnv, type SignInLimiter } from "./sign-in-limits";

const DAY_SECONDS = 24 * 60 * 60;
/** A session ends after this long without use... */
export const IDLE_LIMIT_SECONDS = 7 * DAY_SECONDS;
/** ...and at the latest this long after signing in. */
export const ABSOLUTE_LIMIT_SECONDS = 30 * DAY_SECONDS;

// Compared against when the address is unknown, so the response time does not
// reveal which addresses have accounts. It is a bcrypt hash of a random string.
const UNKNOWN_USER_HASH = "$2b$12$UMcw0DbGzWo5gBJID7iATeERo94Y4YLGur9Dku84ST9eWCgMFqGL.";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});

export interface AuthorizeDependencies {
  db: Executor;
  limiter: SignInLimiter;
  trustedProxy: boolean;
}

/**
 * Checks an email and password under the sign-in limits. Returns the user,
 * or null for a wrong or malformed pair. Throws SignInLimitedError when the
 * email or client address has used up its failures, and an Error with the
 * code SIGN_IN_UNAVAILABLE when the check itself failed. next-auth passes
 * either message to the form as its error code.
 */
export async function authorizeCredentials(
  raw: unknown,
  headers: Record<string, string | string[] | undefined> | undefined,
  dependencies: AuthorizeDependencies,
): Promise<User | null> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const address = clientAddress(headers, dependencies.trustedProxy);
  const attempt = await dependencies.limiter.begin(email, address);

  let user: Awaited<ReturnType<typeof findUserForSignIn>>;
  let matches: boolean;
  try {
    user = await findUserForSignIn(dependencies.db, email);
    matches = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
  } catch (error) {
    await attempt.abandoned();
    logger.error({ err: error, emailFingerprint: emailFingerprint(email) }, "sign-in check failed");
    throw new Error(SIGN_IN_UNAVAILABLE);
  }

  if (!user || !matches) {
    logger.warn(
      { event: "sign_in_failed", emailFingerprint: emailFingerprint(email), clientAddress: address },
      "sign-in failed: unknown email or wrong password",
    );
    return null;
  }
  await attempt.succeeded();
  return { id: user.id, email: user.email, name: user.name };
}

/**
 * Maintains the session token: records who signed in and when, and ends the
 * session ABSOLUTE_LIMIT_SECONDS after sign-in however often it is used.
 * Reads the time through lib/clock, so tests can pin it.
 */
export async function refreshSessionToken({ token, user }: { token: JWT; user?: User | null }): Promise<JWT> {
  const nowSeconds = Math.floor(now().epochMilliseconds / 1000);
  if (user) {
    token.userId = user.id;
    token.signedInAt = nowSeconds;
  }
  if (typeof token.userId !== "string") return token;
  // A token without a sign-in time cannot be held to the absolute limit, so it counts as expired.
  if (typeof token.signedInAt !== "number" || nowSeconds - token.signedInAt >= ABSOLUTE_LIMIT_SECONDS) {
    // Past the absolute limit the token keeps no identity, so the session reads as signed out.
    return { expired: true };
  }
  return token;
}

/**
 * Decides whether session and CSRF cookies carry the Secure flag and the
 * __Secure- / __Host- name prefixes: only in production behind an https
 * NEXTAUTH_URL. `npm run demo` runs a production build on
 * http://localhost, where a browser may not send a Secure cookie back, so
 * plain http keeps unflagged cookies and sign-in keeps working there.
 */
export function secureCookiesFor(env: { NODE_ENV?: string; NEXTAUTH_URL?: string }): boolean {
  return env.NODE_ENV === "production" && (env.NEXTAUTH_URL ?? "").trim().toLowerCase().startsWith("https://");
}

let cachedOptions: NextAuthOptions | null = null;

/** Returns the next-auth configuration, built on first use so a build needs no secret. */
export function getAuthOptions(): NextAuthOptions {
  cachedOptions ??= buildAuthOptions();
  return cachedOptions;
}

function buildAuthOptions(): NextAuthOptions {
  const trustedProxy = trustedProxyFromEnv(process.env.TRUSTED_PROXY);
  return {
    secret: resolveAuthSecret(),
    // With JWT sessions, next-auth 4.24 re-issues the cookie and the token
    // with a fresh `maxAge` on every session read through /api/auth/session
    // (the SessionProvider reads it on each full page load), so `maxAge` is
    // the idle limit. `updateAge` only throttles database sessions and is
    // left out. Server components read the session without re-issuing it.
    session: { strategy: "jwt", maxAge: IDLE_LIMIT_SECONDS },
    jwt: { maxAge: IDLE_LIMIT_SECONDS },
    useSecureCookies: secureCookiesFor(process.env),
    pages: { signIn: "/sign-in" },
    logger: {
      error: (code, metadata) => logger.error({ nextAuthCode: code, err: metadata instanceof Error ? metadata : metadata.error }, "next-auth error"),
      warn: (code) => logger.warn({ nextAuthCode: code }, "next-auth warning"),
      // The debug metadata of next-auth can hold tokens, so only the code is logged.
      debug: (code) => logger.debug({ nextAuthCode: code }, "next-auth debug"),
    },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(raw, request) {
          let db: Executor;
          try {
            db = await getDb();
          } catch {
            // getDb has logged the failure.
            throw new Error(SIGN_IN_UNAVAILABLE);
          }
          return authorizeCredentials(raw, request?.headers, { db, limiter: signInLimiter, trustedProxy });
        },
      }),
    ],
    callbacks: {
      jwt: refreshSessionToken,
      async session({ session, token }) {
        if (typeof token.userId !== "string") return { ...session, user: undefined };
        return { ...session, user: { id: token.userId, email: token.email ?? "", name: token.name ?? "" } };
      },
    },
  };
}
