import { NextResponse, type NextRequest } from "next/server";
import { renewSessionCookie } from "@/lib/auth/session-refresh";
import { logger } from "@/lib/logger";

export const RETURN_PATH_HEADER = "x-backsolve-path";

/**
 * Passes the requested path to server components, so that a signed-out
 * visitor sent to sign-in comes back to the exact page afterwards, and keeps
 * an active session's cookie from expiring while it is in use.
 */
export async function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(RETURN_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers } });
  try {
    await renewSessionCookie(request, response);
  } catch (error) {
    // A failed renewal only shortens the session; the request goes on.
    logger.warn({ err: error, path: request.nextUrl.pathname }, "session renewal failed");
  }
  return response;
}

export const config = { matcher: ["/o/:path*", "/a/:path*", "/invite/:path*"] };
