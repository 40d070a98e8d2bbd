import { encode, getToken } from "next-auth/jwt";
import type { NextRequest, NextResponse } from "next/server";
import { now } from "@/lib/clock";
import { resolveAuthSecret } from "./secret";
import { DAY_SECONDS, IDLE_LIMIT_SECONDS, refreshSessionToken, secureCookiesFor, sessionCookieName } from "./session-token";

/**
 * Renews the session cookie on page requests, so a session ends after seven
 * days without use rather than seven days after the last full page load.
 * Server components cannot set cookies, which is why this runs in the proxy.
 * The cookie is rewritten at most once a day, and never past the absolute
 * 30-day limit.
 */
export async function renewSessionCookie(request: NextRequest, response: NextResponse, env: NodeJS.ProcessEnv = process.env) {
  const secure = secureCookiesFor(env);
  const cookieName = sessionCookieName(secure);
  if (!request.cookies.has(cookieName)) return;

  const secret = resolveAuthSecret();
  const token = await getToken({ req: request, secret, secureCookie: secure, cookieName });
  if (!token || typeof token.userId !== "string") return;

  const nowSeconds = Math.floor(now().epochMilliseconds / 1000);
  const issuedAt = typeof token.iat === "number" ? token.iat : 0;
  if (nowSeconds - issuedAt < DAY_SECONDS) return;

  const renewed = await refreshSessionToken({ token });
  if (typeof renewed.userId !== "string") return;
  const { iat: _issuedAt, exp: _expires, jti: _id, ...claims } = renewed;
  const value = await encode({ token: claims, secret, maxAge: IDLE_LIMIT_SECONDS });
  response.cookies.set(cookieName, value, { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: IDLE_LIMIT_SECONDS });
}
