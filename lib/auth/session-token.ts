import type { User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { now } from "@/lib/clock";

/**
 * The session's lifetime rules, shared by next-auth's callbacks and the proxy
 * that renews the cookie. No database or server-only import, so the proxy
 * can load it.
 */

export const DAY_SECONDS = 24 * 60 * 60;
/** A session ends after this long without use... */
export const IDLE_LIMIT_SECONDS = 7 * DAY_SECONDS;
/** ...and at the latest this long after signing in. */
export const ABSOLUTE_LIMIT_SECONDS = 30 * DAY_SECONDS;

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


/** Returns the session cookie's name, which next-auth prefixes with __Secure- when cookies are secure. */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? "__Secure-" : ""}next-auth.session-token`;
}
