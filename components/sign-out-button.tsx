"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button type="button" onClick={() => void signOut({ callbackUrl: "/sign-in" })} className="rounded-md border px-2 py-1 hover:bg-gray-50">
      Sign out
    </button>
  );
}
