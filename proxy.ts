import { NextResponse, type NextRequest } from "next/server";

export const RETURN_PATH_HEADER = "x-backsolve-path";

/**
 * Passes the requested path to server components, so that a signed-out
 * visitor sent to sign-in comes back to the exact page afterwards.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(RETURN_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/o/:path*", "/a/:path*"] };
