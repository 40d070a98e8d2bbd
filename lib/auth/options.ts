import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { SIGN_IN_UNAVAILABLE } from "@/app/sign-in/sign-in-error";
import { getDb } from "@/db";
import type { Executor } from "@/db/connect";
import { findUserForSignIn } from "@/db/queries/users";
import { logger } from "@/lib/logger";
import { verifyPassword } from "./password";
import { resolveAuthSecret } from "./secret";
import { IDLE_LIMIT_SECONDS, refreshSessionToken, secureCookiesFor } from "./session-token";

export { ABSOLUTE_LIMIT_SECONDS, IDLE_LIMIT_SECONDS, refreshSessionToken, secureCookiesFor } from "./session-token";
import { clientAddress, emailFingerprint, signInLimiter, trustedProxyFromEnv, type SignInLimiter } from "./sign-in-limits";

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
