import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { signInErrorMessage, signInLimitedCode, waitText } from "@/app/sign-in/sign-in-error";
import type { Database, DatabaseHandle } from "@/db/connect";
import { insertUser } from "@/db/queries/users";
import {
  ABSOLUTE_LIMIT_SECONDS,
  authorizeCredentials,
  getAuthOptions,
  IDLE_LIMIT_SECONDS,
  refreshSessionToken,
  secureCookiesFor,
} from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import {
  addressLimitKey,
  clientAddress,
  normalizeAddress,
  SIGN_IN_LIMITS,
  SignInLimitedError,
  SignInLimiter,
  trustedProxyFromEnv,
} from "@/lib/auth/sign-in-limits";
import { logger, loggerOptions } from "@/lib/logger";
import { openTestDatabase } from "@/test/database";

// lib/auth/options.ts guards against client bundles with "server-only", which
// throws outside a React server environment.
vi.mock("server-only", () => ({}));

const EMAIL = "ana@limits.test";
const PASSWORD = "correct horse battery";
const ADDRESS = "203.0.113.7";

let handle: DatabaseHandle;
let db: Database;
let userId: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  const user = await insertUser(db, { email: EMAIL, name: "Ana Limits", passwordHash: await hashPassword(PASSWORD) });
  userId = user.id;
});

afterAll(async () => {
  await handle?.close();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

function authorize(limiter: SignInLimiter, password: string, headers: Record<string, string> = { "x-forwarded-for": ADDRESS }, email = EMAIL) {
  return authorizeCredentials({ email, password }, headers, { db, limiter, trustedProxy: false });
}

/** Resolves to the error the promise rejected with, or fails when it resolved. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("Expected a rejection, but the promise resolved");
}

describe("authorize", () => {
  it("accepts the right password", async () => {
    const user = await authorize(new SignInLimiter(), PASSWORD);
    expect(user).toEqual({ id: userId, email: EMAIL, name: "Ana Limits" });
  });

  it("accepts the email in any case", async () => {
    const user = await authorize(new SignInLimiter(), PASSWORD, {}, " ANA@Limits.test ");
    expect(user?.id).toBe(userId);
  });

  it("rejects a wrong password", async () => {
    expect(await authorize(new SignInLimiter(), "wrong password")).toBeNull();
  });

  it("rejects malformed credentials", async () => {
    expect(await authorizeCredentials({ email: "not-an-email", password: "x" }, {}, { db, limiter: new SignInLimiter(), trustedProxy: false })).toBeNull();
  });

  it("reports a failed check as unavailable", async () => {
    const broken = { execute: () => Promise.reject(new Error("connection refused")) } as unknown as Database;
    const error = await rejection(authorizeCredentials({ email: EMAIL, password: PASSWORD }, {}, { db: broken, limiter: new SignInLimiter(), trustedProxy: false }));
    expect((error as Error).message).toBe("SignInUnavailable");
  });

  it("gives a failed check's attempt back", async () => {
    const limiter = new SignInLimiter({ ...SIGN_IN_LIMITS, emailFailures: 1 });
    const broken = { execute: () => Promise.reject(new Error("connection refused")) } as unknown as Database;
    await rejection(authorizeCredentials({ email: EMAIL, password: PASSWORD }, {}, { db: broken, limiter, trustedProxy: false }));
    expect(await authorize(limiter, PASSWORD)).not.toBeNull();
  });
});

describe("email limit through authorize", () => {
  const limiter = new SignInLimiter();
  const outcomes: unknown[] = [];
  let eleventh: unknown;

  beforeAll(async () => {
    // A frozen clock keeps the wait exact while the password checks take real time.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2027-02-15T18:00:00Z"));
    for (let attempt = 1; attempt <= 10; attempt += 1) outcomes.push(await authorize(limiter, `wrong ${attempt}`));
    // The right password does not get through a locked email.
    eleventh = await rejection(authorize(limiter, PASSWORD));
  });

  it("ten failures are each rejected", () => {
    expect(outcomes).toEqual(Array(10).fill(null));
  });

  it("eleventh attempt is limited", () => {
    expect(eleventh).toBeInstanceOf(SignInLimitedError);
  });

  it("limit applies to the email", () => {
    expect((eleventh as SignInLimitedError).scope).toBe("email");
  });

  it("limit waits the window", () => {
    expect((eleventh as SignInLimitedError).retryAfterSeconds).toBe(15 * 60);
  });

  it("message is next-auth's error code", () => {
    expect((eleventh as Error).message).toBe("SignInLimited:email:900");
  });

  it("other emails still sign in", async () => {
    expect(await authorize(limiter, "wrong", { "x-forwarded-for": ADDRESS }, "other@limits.test")).toBeNull();
  });
});

describe("limiter", () => {
  it("success resets the email", async () => {
    const limiter = new SignInLimiter();
    for (let attempt = 0; attempt < 9; attempt += 1) await limiter.begin(EMAIL, ADDRESS);
    await (await limiter.begin(EMAIL, ADDRESS)).succeeded();
    // Ten more failures fit again; without the reset the second would be limited.
    for (let attempt = 0; attempt < 10; attempt += 1) await limiter.begin(EMAIL, ADDRESS);
    expect(await rejection(limiter.begin(EMAIL, ADDRESS))).toBeInstanceOf(SignInLimitedError);
  });

  it("wait counts down", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2027-02-15T18:00:00Z"));
    const limiter = new SignInLimiter();
    for (let attempt = 0; attempt < 10; attempt += 1) await limiter.begin(EMAIL, ADDRESS);
    vi.setSystemTime(new Date("2027-02-15T18:03:00Z"));
    const error = (await rejection(limiter.begin(EMAIL, ADDRESS))) as SignInLimitedError;
    expect(signInErrorMessage(error.message)).toBe("Too many failed sign-ins for this address. Try again in 12 minutes.");
  });

  it("window end unlocks the email", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2027-02-15T18:00:00Z"));
    const limiter = new SignInLimiter();
    for (let attempt = 0; attempt < 11; attempt += 1) await limiter.begin(EMAIL, ADDRESS).catch(() => undefined);
    vi.setSystemTime(new Date("2027-02-15T18:15:01Z"));
    await expect(limiter.begin(EMAIL, ADDRESS)).resolves.toBeDefined();
  });

  it("address allows fifty failures", async () => {
    const limiter = new SignInLimiter();
    for (let attempt = 0; attempt < 50; attempt += 1) await limiter.begin(`user${attempt}@limits.test`, ADDRESS);
    const error = (await rejection(limiter.begin("user50@limits.test", ADDRESS))) as SignInLimitedError;
    expect([error.scope, error.retryAfterSeconds]).toEqual(["address", 900]);
  });

  it("address limit spares the email", async () => {
    const limiter = new SignInLimiter({ ...SIGN_IN_LIMITS, addressFailures: 1 });
    await limiter.begin("first@limits.test", ADDRESS);
    for (let attempt = 0; attempt < 20; attempt += 1) await limiter.begin(EMAIL, ADDRESS).catch(() => undefined);
    // Twenty refused attempts from the locked address left the email's ten failures untouched.
    await expect(limiter.begin(EMAIL, "198.51.100.1")).resolves.toBeDefined();
  });

  it("address limit message names the network", () => {
    expect(signInErrorMessage(signInLimitedCode("address", 61))).toBe(
      "Too many failed sign-ins from your network address. Try again in 2 minutes.",
    );
  });

  it("unknown address skips the address limit", async () => {
    const limiter = new SignInLimiter({ ...SIGN_IN_LIMITS, addressFailures: 1 });
    await limiter.begin("first@limits.test", null);
    await expect(limiter.begin("second@limits.test", null)).resolves.toBeDefined();
  });

  it("success gives the address back", async () => {
    const limiter = new SignInLimiter({ ...SIGN_IN_LIMITS, addressFailures: 1 });
    await (await limiter.begin("first@limits.test", ADDRESS)).succeeded();
    await expect(limiter.begin("second@limits.test", ADDRESS)).resolves.toBeDefined();
  });

  it("limited attempt logs a warning", async () => {
    const warn = vi.spyOn(logger, "warn");
    const limiter = new SignInLimiter({ ...SIGN_IN_LIMITS, emailFailures: 1 });
    await limiter.begin(EMAIL, ADDRESS);
    await rejection(limiter.begin(EMAIL, ADDRESS));
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ event: "sign_in_limited", scope: "email", clientAddress: ADDRESS }), expect.any(String));
  });

  it("warning leaves the email out", async () => {
    const warn = vi.spyOn(logger, "warn");
    const limiter = new SignInLimiter({ ...SIGN_IN_LIMITS, emailFailures: 1 });
    await limiter.begin(EMAIL, ADDRESS);
    await rejection(limiter.begin(EMAIL, ADDRESS));
    expect(JSON.stringify(warn.mock.calls)).not.toContain(EMAIL);
  });
});

describe("client address", () => {
  it.each([
    // [header, trusted proxy, expected]
    ["198.51.100.4", false, "198.51.100.4"],
    ["198.51.100.4", true, "198.51.100.4"],
    ["203.0.113.9, 198.51.100.4", true, "203.0.113.9"],
    ["203.0.113.9, 198.51.100.4", false, "198.51.100.4"],
    ["::ffff:198.51.100.4", false, "198.51.100.4"],
    ["198.51.100.4:52100", true, "198.51.100.4"],
    ["[2001:db8::1]:443", true, "2001:db8::1"],
    ["unknown", true, null],
    ["", true, null],
  ] as const)("%j trusted=%s", (header, trusted, expected) => {
    expect(clientAddress({ "x-forwarded-for": header }, trusted)).toBe(expected);
  });

  it("no header gives no address", () => {
    expect(clientAddress({}, false)).toBeNull();
  });

  it("reads a Headers object", () => {
    expect(clientAddress(new Headers({ "X-Forwarded-For": "198.51.100.4" }), true)).toBe("198.51.100.4");
  });

  it("trusted proxy counts the first entry", async () => {
    const limiter = new SignInLimiter({ ...SIGN_IN_LIMITS, addressFailures: 1 });
    const headers = { "x-forwarded-for": "203.0.113.50, 10.0.0.2" };
    await authorizeCredentials({ email: "one@limits.test", password: "wrong" }, headers, { db, limiter, trustedProxy: true });
    const error = await rejection(
      authorizeCredentials({ email: "two@limits.test", password: "wrong" }, { "x-forwarded-for": "203.0.113.50, 10.0.0.3" }, { db, limiter, trustedProxy: true }),
    );
    expect((error as SignInLimitedError).scope).toBe("address");
  });

  it("untrusted proxy counts the last entry", async () => {
    const limiter = new SignInLimiter({ ...SIGN_IN_LIMITS, addressFailures: 1 });
    await authorizeCredentials({ email: "one@limits.test", password: "wrong" }, { "x-forwarded-for": "203.0.113.50, 10.0.0.2" }, { db, limiter, trustedProxy: false });
    const user = await authorizeCredentials({ email: "two@limits.test", password: "wrong" }, { "x-forwarded-for": "203.0.113.50, 10.0.0.3" }, { db, limiter, trustedProxy: false });
    expect(user).toBeNull();
  });

  it.each([
    ["198.51.100.4", "198.51.100.4"],
    ["2001:db8:1:2:3:4:5:6", "2001:0db8:0001:0002::/64"],
    ["2001:db8:1:2::9", "2001:0db8:0001:0002::/64"],
    ["::1", "0000:0000:0000:0000::/64"],
    ["64:ff9b::198.51.100.4", "0064:ff9b:0000:0000::/64"],
  ])("limit key of %s", (address, expected) => {
    expect(addressLimitKey(normalizeAddress(address)!)).toBe(expected);
  });

  it.each([
    [undefined, false],
    ["", false],
    ["false", false],
    ["0", false],
    ["true", true],
    ["TRUE", true],
    ["1", true],
  ])("TRUSTED_PROXY=%j", (value, expected) => {
    expect(trustedProxyFromEnv(value)).toBe(expected);
  });

  it("invalid TRUSTED_PROXY is named", () => {
    expect(() => trustedProxyFromEnv("yes")).toThrow('TRUSTED_PROXY="yes" is not valid');
  });
});

describe("sign-in form messages", () => {
  it.each([
    [signInLimitedCode("email", 720), "Too many failed sign-ins for this address. Try again in 12 minutes."],
    [signInLimitedCode("email", 30), "Too many failed sign-ins for this address. Try again in 1 minute."],
    ["CredentialsSignin", "The email address or password is incorrect. Check both and try again."],
    ["SignInUnavailable", "Signing in failed on our side. Try again in a moment."],
    ["SignInLimited:email:abc", "The email address or password is incorrect. Check both and try again."],
    [null, "The email address or password is incorrect. Check both and try again."],
  ])("error %j", (code, expected) => {
    expect(signInErrorMessage(code)).toBe(expected);
  });

  it.each([
    [1, "1 minute"],
    [60, "1 minute"],
    [61, "2 minutes"],
    [900, "15 minutes"],
  ])("wait of %i seconds", (seconds, expected) => {
    expect(waitText(seconds)).toBe(expected);
  });
});

describe("session limits", () => {
  const SIGNED_IN = "2027-02-01T09:00:00Z";
  const signedInSeconds = Date.parse(SIGNED_IN) / 1000;

  async function jwtAt(instant: string, token: Record<string, unknown>, user?: { id: string; email: string; name: string }) {
    vi.stubEnv("BACKSOLVE_TEST_NOW", instant);
    vi.stubEnv("NEXTAUTH_SECRET", "a test secret that is long enough to sign tokens");
    const jwt = getAuthOptions().callbacks!.jwt!;
    return jwt({ token, user: user as never, account: null });
  }

  it("sign-in records the time", async () => {
    const token = await jwtAt(SIGNED_IN, { email: EMAIL }, { id: userId, email: EMAIL, name: "Ana" });
    expect(token).toMatchObject({ userId, signedInAt: signedInSeconds });
  });

  it("day 29 keeps the session", async () => {
    const token = await jwtAt("2027-03-02T09:00:00Z", { userId, signedInAt: signedInSeconds });
    expect(token.userId).toBe(userId);
  });

  it("day 30 ends the session", async () => {
    const token = await jwtAt("2027-03-03T09:00:00Z", { userId, signedInAt: signedInSeconds });
    expect(token).toEqual({ expired: true });
  });

  it("token without sign-in time ends", async () => {
    expect(await refreshSessionToken({ token: { userId } })).toEqual({ expired: true });
  });

  it("expired token reads as signed out", async () => {
    vi.stubEnv("NEXTAUTH_SECRET", "a test secret that is long enough to sign tokens");
    const session = await getAuthOptions().callbacks!.session!({
      session: { expires: "2027-03-10T00:00:00Z" },
      token: { expired: true },
    } as never);
    expect(session.user).toBeUndefined();
  });

  it("absolute limit is thirty days", () => {
    expect(ABSOLUTE_LIMIT_SECONDS).toBe(30 * 24 * 60 * 60);
  });

  it("idle limit is the cookie's max age", () => {
    vi.stubEnv("NEXTAUTH_SECRET", "a test secret that is long enough to sign tokens");
    expect([getAuthOptions().session?.maxAge, getAuthOptions().jwt?.maxAge]).toEqual([IDLE_LIMIT_SECONDS, 7 * 24 * 60 * 60]);
  });

  it.each([
    [{ NODE_ENV: "production", NEXTAUTH_URL: "https://backsolve.example.com" }, true],
    [{ NODE_ENV: "production", NEXTAUTH_URL: "http://localhost:3000" }, false],
    [{ NODE_ENV: "production" }, false],
    [{ NODE_ENV: "development", NEXTAUTH_URL: "https://backsolve.example.com" }, false],
  ])("secure cookies for %j", (env, expected) => {
    expect(secureCookiesFor(env)).toBe(expected);
  });
});

describe("log redaction", () => {
  function logged(object: Record<string, unknown>): string {
    let output = "";
    const sink = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    pino({ ...loggerOptions, level: "info" }, sink).info(object, "message");
    return output;
  }

  it.each([
    ["password", { password: PASSWORD }],
    ["nested password", { credentials: { password: PASSWORD } }],
    ["cookie header", { req: { headers: { cookie: PASSWORD } } }],
    ["set-cookie header", { res: { headers: { "set-cookie": PASSWORD } } }],
    ["token", { token: PASSWORD }],
    ["token hash", { invitation: { tokenHash: PASSWORD } }],
    ["authorization", { headers: { authorization: PASSWORD } }],
  ])("hides %s", (_name, object) => {
    expect(logged(object)).not.toContain(PASSWORD);
  });

  it("keeps other fields", () => {
    expect(logged({ userId: "u-1" })).toContain("u-1");
  });
});
