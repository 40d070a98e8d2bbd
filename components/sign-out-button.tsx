"use client";

import { signOut } from "next-auth/react";

/**
 * Signs out, then goes to sign-in on the host the browser is using. Letting
 * next-auth redirect would build the address from NEXTAUTH_URL, which falls
 * back to http://localhost:3000 when unset.
 */
export async function signOutTo(path: string): Promise<void> {
  await signOut({ redirect: false });
  window.location.assign(path);
}

export function SignOutButton() {
  return (
    <button type="button" onClick={() => void signOutTo("/sign-in")} className="rounded-md border px-2 py-1 hover:bg-gray-50">
      Sign out
    </button>
  );
}
