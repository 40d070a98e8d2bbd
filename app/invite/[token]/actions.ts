"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { getSessionUser } from "@/lib/auth/session";
import { acceptInvitation } from "@/lib/invitations";

export interface AcceptState {
  message: string | null;
  /** A page to continue to despite the refusal, such as the organization the person already belongs to. */
  path?: string;
}

/** Accepts the invitation for the signed-in user and opens the organization. A refusal changes nothing. */
export async function acceptInvitationLink(token: string, _previous: AcceptState, _formData: FormData): Promise<AcceptState> {
  const user = await getSessionUser();
  if (!user) return { message: "Your session has ended. Sign in again, then open the invitation link once more." };
  const result = await acceptInvitation(await getDb(), user, token);
  if (result.ok) redirect(result.path);
  return { message: result.message, path: result.path };
}
