import { decode, encode } from "next-auth/jwt";
import { NextRequest, NextResponse } from "next/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renewSessionCookie } from "@/lib/auth/session-refresh";
import { DAY_SECONDS, IDLE_LIMIT_SECONDS, sessionCookieName } from "@/lib/auth/session-token";

const SECRET = "session-renewal-test-secret-0123456789";
const COOKIE = sessionCookieName(false);
const realNowSeconds = () => Math.floor(Date.now() / 1000);

function pinClock(secondsFromNow: number) {
  process.env.BACKSOLVE_TEST_NOW = new Date((realNowSeconds() + secondsFromNow) * 1000).toISOString();
}

async function requestWith(claims: Record<string, unknown> | null) {
  const request = new NextRequest("http://127.0.0.1/o/acme/scorecard");
  if (claims) request.cookies.set(COOKIE, await encode({ token: claims, secret: SECRET, maxAge: IDLE_LIMIT_SECONDS }));
  return request;
}

describe("session cookie renewal", () => {
  beforeEach(() => {
    process.env.NEXTAUTH_SECRET = SECRET;
  });
  afterEach(() => {
    delete process.env.BACKSOLVE_TEST_NOW;
  });

  it("leaves a token issued today alone", async () => {
    pinClock(60);
    const response = NextResponse.next();
    await renewSessionCookie(await requestWith({ userId: "u1", signedInAt: realNowSeconds() }), response, { NODE_ENV: "test" });
    expect(response.cookies.get(COOKIE)).toBeUndefined();
  });

  it("renews a token older than a day", async () => {
    const signedInAt = realNowSeconds() - 3 * DAY_SECONDS;
    pinClock(2 * DAY_SECONDS);
    const response = NextResponse.next();
    await renewSessionCookie(await requestWith({ userId: "u1", signedInAt }), response, { NODE_ENV: "test" });
    const cookie = response.cookies.get(COOKIE);
    expect(cookie?.maxAge).toBe(IDLE_LIMIT_SECONDS);
    expect(cookie?.httpOnly).toBe(true);
    const renewed = await decode({ token: cookie!.value, secret: SECRET });
    expect(renewed?.userId).toBe("u1");
    // The sign-in time carries over, so the 30-day limit still counts from it.
    expect(renewed?.signedInAt).toBe(signedInAt);
  });

  it("does not renew past the absolute limit", async () => {
    pinClock(2 * DAY_SECONDS);
    const response = NextResponse.next();
    await renewSessionCookie(await requestWith({ userId: "u1", signedInAt: realNowSeconds() - 31 * DAY_SECONDS }), response, { NODE_ENV: "test" });
    expect(response.cookies.get(COOKIE)).toBeUndefined();
  });

  it("ignores a request without a session", async () => {
    pinClock(2 * DAY_SECONDS);
    const response = NextResponse.next();
    await renewSessionCookie(await requestWith(null), response, { NODE_ENV: "test" });
    expect(response.cookies.get(COOKIE)).toBeUndefined();
  });

  it("ignores a token signed with another secret", async () => {
    pinClock(2 * DAY_SECONDS);
    const request = new NextRequest("http://127.0.0.1/o/acme");
    request.cookies.set(COOKIE, await encode({ token: { userId: "u1", signedInAt: realNowSeconds() }, secret: "another-secret-entirely-0123456789" }));
    const response = NextResponse.next();
    await renewSessionCookie(request, response, { NODE_ENV: "test" });
    expect(response.cookies.get(COOKIE)).toBeUndefined();
  });
});
