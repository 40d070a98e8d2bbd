import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { findUserForSignIn } from "@/db/queries/users";
import { logger } from "@/lib/logger";
import { verifyPassword } from "./password";
import { resolveAuthSecret } from "./secret";

const DAY_SECONDS = 24 * 60 * 60;
/** A session ends after this long without use... */
const IDLE_LIMIT_SECONDS = 7 * DAY_SECONDS;
/** ...and at the latest this long after signing in. */
const ABSOLUTE_LIMIT_SECONDS = 30 * DAY_SECONDS;

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});

let cachedOptions: NextAuthOptions | null = null;

/** The next-auth configuration, built on first use so a build needs no secret. */
export function getAuthOptions(): NextAuthOptions {
  cachedOptions ??= buildAuthOptions();
  return cachedOptions;
}

const buildAuthOptions = (): NextAuthOptions => ({
  secret: resolveAuthSecret(),
  session: { strategy: "jwt", maxAge: IDLE_LIMIT_SECONDS, updateAge: DAY_SECONDS },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const db = await getDb();
        const user = await findUserForSignIn(db, parsed.data.email);
        // Compare against a fixed hash when the address is unknown, so the
        // response time does not reveal which addresses have accounts.
        const hash = user?.passwordHash ?? "$2b$12$UMcw0DbGzWo5gBJID7iATeERo94Y4YLGur9Dku84ST9eWCgMFqGL.";
        const matches = await verifyPassword(parsed.data.password, hash);
        if (!user || !matches) {
          logger.warn({ event: "sign_in_failed" }, "sign-in failed: unknown email or wrong password");
          return null;
        }
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      const nowSeconds = Math.floor(Date.now() / 1000);
      if (user) {
        token.userId = user.id;
        token.signedInAt = nowSeconds;
      }
      if (typeof token.signedInAt === "number" && nowSeconds - token.signedInAt > ABSOLUTE_LIMIT_SECONDS) {
        // Past the absolute limit the token keeps no identity, so the session reads as signed out.
        return { expired: true };
      }
      return token;
    },
    async session({ session, token }) {
      if (typeof token.userId !== "string") return { ...session, user: undefined };
      return { ...session, user: { id: token.userId, email: token.email ?? "", name: token.name ?? "" } };
    },
  },
});
