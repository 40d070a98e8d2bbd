import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuthOptions } from "./options";
import type { SessionUser } from "./session-user";

export type { SessionUser };

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(getAuthOptions());
  const user = session?.user as Partial<SessionUser> | undefined;
  if (!user?.id) return null;
  return { id: user.id, email: user.email ?? "", name: user.name ?? "" };
}

/**
 * Returns the signed-in user, or redirects to sign-in, coming back to the
 * requested page (from the proxy's header) or else to `fallbackReturnTo`.
 */
export async function requireSessionUser(fallbackReturnTo: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) {
    const requested = (await headers()).get("x-backsolve-path");
    const returnTo = requested && requested.startsWith("/") && !requested.startsWith("//") ? requested : fallbackReturnTo;
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  }
  return user;
}
