import crypto from "node:crypto";
import net from "node:net";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { signInLimitedCode, type SignInLimitScope } from "@/app/sign-in/sign-in-error";
import { logger } from "@/lib/logger";

/**
 * Limits failed sign-ins per email address and per client address.
 *
 * NOTE: the counters live in this server process's memory
 * (RateLimiterMemory), so each process counts on its own and a restart
 * clears them. Several processes behind a load balancer each allow the full
 * number. Counting across them needs a shared store, for example
 * rate-limiter-flexible's PostgreSQL limiter.
 */

export interface SignInLimits {
  /** Failed sign-ins per email address within the window. */
  emailFailures: number;
  /** Failed sign-ins per client address within the window. */
  addressFailures: number;
  windowSeconds: number;
}

export const SIGN_IN_LIMITS: SignInLimits = { emailFailures: 10, addressFailures: 50, windowSeconds: 15 * 60 };

/** Thrown from `authorize`; its message is the code the sign-in form turns into a sentence. */
export class SignInLimitedError extends Error {
  constructor(
    readonly scope: SignInLimitScope,
    readonly retryAfterSeconds: number,
  ) {
    super(signInLimitedCode(scope, retryAfterSeconds));
    this.name = "SignInLimitedError";
  }
}

/** One sign-in attempt that has taken its place in the counters. */
export interface SignInAttempt {
  /** Resets the email's counter and gives the client address its attempt back. */
  succeeded(): Promise<void>;
  /** Gives both attempts back, for an attempt that never checked a password (for example, the database failed). */
  abandoned(): Promise<void>;
}

/** Derives a short, stable pseudonym of an email address for logs, so repeated attacks on one account can be followed without logging the address. */
export function emailFingerprint(email: string): string {
  return crypto.createHash("sha256").update(email).digest("hex").slice(0, 12);
}

/**
 * Counts sign-in attempts. An attempt takes its point before the password is
 * checked, because parallel guesses would otherwise all pass a check that
 * runs before any of them is counted. A success then gives its points back.
 * The windows are fixed: each starts at the first failure and ends
 * `windowSeconds` later.
 */
export class SignInLimiter {
  private readonly byEmail: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(readonly limits: SignInLimits = SIGN_IN_LIMITS) {
    this.byEmail = new RateLimiterMemory({ keyPrefix: "sign-in-email", points: limits.emailFailures, duration: limits.windowSeconds });
    this.byAddress = new RateLimiterMemory({ keyPrefix: "sign-in-address", points: limits.addressFailures, duration: limits.windowSeconds });
  }

  /**
   * Counts an attempt for the email address and, when known, the client
   * address. Throws SignInLimitedError when either has used up its failures;
   * a limited attempt never reaches the password check.
   */
  async begin(email: string, address: string | null): Promise<SignInAttempt> {
    const addressKey = address === null ? null : addressLimitKey(address);
    const emailLimited = await consumeOrLimited(this.byEmail, email);
    if (emailLimited) this.reject("email", emailLimited, email, address);

    if (addressKey !== null) {
      const addressLimited = await consumeOrLimited(this.byAddress, addressKey);
      if (addressLimited) {
        // The attempt did not test the email's password, so it must not count against the email.
        await this.byEmail.reward(email, 1);
        this.reject("address", addressLimited, email, address);
      }
    }

    return {
      succeeded: async () => {
        await this.byEmail.delete(email);
        if (addressKey !== null) await this.byAddress.reward(addressKey, 1);
      },
      abandoned: async () => {
        await this.byEmail.reward(email, 1);
        if (addressKey !== null) await this.byAddress.reward(addressKey, 1);
      },
    };
  }

  private reject(scope: SignInLimitScope, limited: RateLimiterRes, email: string, address: string | null): never {
    const retryAfterSeconds = Math.ceil(limited.msBeforeNext / 1000);
    logger.warn(
      {
        event: "sign_in_limited",
        scope,
        emailFingerprint: emailFingerprint(email),
        clientAddress: address,
        attemptsInWindow: limited.consumedPoints,
        retryAfterSeconds,
      },
      "sign-in refused: too many failed attempts",
    );
    throw new SignInLimitedError(scope, retryAfterSeconds);
  }
}

/** Consumes one point; returns the limiter's state when the key is over its limit, otherwise null. */
async function consumeOrLimited(limiter: RateLimiterMemory, key: string): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(key, 1);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

// Kept on globalThis because `next dev` reloads modules, which would otherwise reset the counters.
const globalForLimiter = globalThis as unknown as { backsolveSignInLimiter?: SignInLimiter };

/** The limiter of this server process; see the NOTE at the top of this file. */
export const signInLimiter: SignInLimiter = (globalForLimiter.backsolveSignInLimiter ??= new SignInLimiter());

/**
 * Reads the TRUSTED_PROXY setting: "true" or "1" when a reverse proxy in
 * front of the app sets X-Forwarded-For, "false", "0" or unset otherwise.
 */
export function trustedProxyFromEnv(value: string | undefined): boolean {
  const normalized = (value ?? "").trim().toLowerCase();
  if (normalized === "" || normalized === "false" || normalized === "0") return false;
  if (normalized === "true" || normalized === "1") return true;
  throw new Error(
    `TRUSTED_PROXY="${value}" is not valid. Set it to true when a reverse proxy in front of Backsolve sets X-Forwarded-For, or to false.`,
  );
}

type HeaderBag = Record<string, string | string[] | undefined> | Headers | undefined;

function headerValue(headers: HeaderBag, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name] ?? headers[name.toLowerCase()];
  if (Array.isArray(value)) return value.join(",");
  return value ?? null;
}

/**
 * Returns the client's address for the per-address limit, or null when the
 * request names none.
 *
 * next-auth 4.24 passes `authorize` only the request's query, body, method and
 * headers, never the socket. Under `next start` and `next dev`, Next.js 16.5
 * copies the socket's remote address into X-Forwarded-For, but only when the
 * request has no such header (base-server.js assigns it with `??=`).
 * - With `trustedProxy`, the proxy in front is expected to replace the header
 *   with the address it saw, and the first entry is taken. A proxy that
 *   appends to a client-sent header instead leaves that first entry under the
 *   client's control.
 * - Without it, the last entry is taken: the socket address whenever the
 *   client sent no header.
 *
 * NOTE: without a proxy, a client that sends its own X-Forwarded-For replaces
 * the socket address and can dodge the per-address limit. The per-email limit
 * still applies. Deploy behind a proxy that overwrites the header and set
 * TRUSTED_PROXY=true to make the per-address limit reliable.
 */
export function clientAddress(headers: HeaderBag, trustedProxy: boolean): string | null {
  const forwarded = headerValue(headers, "x-forwarded-for");
  if (!forwarded) return null;
  const entries = forwarded
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chosen = trustedProxy ? entries[0] : entries.at(-1);
  return chosen === undefined ? null : normalizeAddress(chosen);
}

/** Strips a port, brackets and an IPv6 zone, and unwraps IPv4-mapped IPv6; returns null for anything that is not an IP address. */
export function normalizeAddress(raw: string): string | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  text = text.replace(/%.*$/, "").toLowerCase();

  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (mapped?.[1]) text = mapped[1];
  return net.isIP(text) === 0 ? null : text;
}

/** Expands an IPv6 address to its eight groups of four hex digits. */
function expandIpv6(address: string): string[] {
  let text = address;
  // An embedded IPv4 tail ("::ffff:10.0.0.1" not caught above, "64:ff9b::1.2.3.4") becomes two groups.
  const ipv4Tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups].map((group) => group.padStart(4, "0"));
}

/**
 * Returns the counter key of a client address: the address itself for IPv4,
 * the /64 network for IPv6, because one IPv6 client usually controls a whole /64 and
 * could otherwise switch addresses between attempts.
 */
export function addressLimitKey(address: string): string {
  if (net.isIPv6(address)) return `${expandIpv6(address).slice(0, 4).join(":")}::/64`;
  return address;
}
