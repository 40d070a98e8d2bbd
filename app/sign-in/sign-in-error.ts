/**
 * The error codes the credentials sign-in passes to the browser, and the
 * sentences the form shows for them. next-auth 4.24 turns an Error thrown by
 * `authorize` into `?error=<message>` on its error URL, and `signIn(...,
 * { redirect: false })` returns that value as `response.error`. When
 * `authorize` returns null, the value is "CredentialsSignin" instead. This module has no
 * server dependencies, so the client form can import it.
 */

export type SignInLimitScope = "email" | "address";

const LIMITED_PREFIX = "SignInLimited";
export const SIGN_IN_UNAVAILABLE = "SignInUnavailable";

/** Encodes a limited attempt as "SignInLimited:<scope>:<seconds to wait>". */
export function signInLimitedCode(scope: SignInLimitScope, retryAfterSeconds: number): string {
  return `${LIMITED_PREFIX}:${scope}:${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}

/** Whole minutes to wait, rounded up, so "Try again in" never promises too early a time. */
export function waitText(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

export function signInLimitedMessage(scope: SignInLimitScope, retryAfterSeconds: number): string {
  const subject = scope === "email" ? "for this address" : "from your network address";
  return `Too many failed sign-ins ${subject}. Try again in ${waitText(retryAfterSeconds)}.`;
}

export const WRONG_CREDENTIALS_MESSAGE = "The email address or password is incorrect. Check both and try again.";
export const UNAVAILABLE_MESSAGE = "Signing in failed on our side. Try again in a moment.";

/** Maps the `error` that `signIn` returned to the sentence the form shows. */
export function signInErrorMessage(error: string | null | undefined): string {
  const limited = error ? /^SignInLimited:(email|address):(\d+)$/.exec(error) : null;
  if (limited) return signInLimitedMessage(limited[1] as SignInLimitScope, Number(limited[2]));
  if (error === SIGN_IN_UNAVAILABLE) return UNAVAILABLE_MESSAGE;
  return WRONG_CREDENTIALS_MESSAGE;
}
