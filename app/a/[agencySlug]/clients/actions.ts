"use server";

import { runAction } from "@/lib/auth/run-action";
import { acceptRequestAction, assignMemberAction, createClientAction, declineRequestAction, unassignMemberAction } from "./client-actions";

export async function createClient(agencySlug: string, input: unknown) {
  return runAction(createClientAction, agencySlug, input);
}

export async function acceptRequest(agencySlug: string, input: unknown) {
  return runAction(acceptRequestAction, agencySlug, input);
}

export async function declineRequest(agencySlug: string, input: unknown) {
  return runAction(declineRequestAction, agencySlug, input);
}

export async function assignMember(agencySlug: string, input: unknown) {
  return runAction(assignMemberAction, agencySlug, input);
}

export async function unassignMember(agencySlug: string, input: unknown) {
  return runAction(unassignMemberAction, agencySlug, input);
}
