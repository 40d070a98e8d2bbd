"use server";

import { runAction } from "@/lib/auth/run-action";
import { inviteAgencyAction, revokeAgencyAction } from "./agency-actions";

export async function inviteAgency(orgSlug: string, input: unknown) {
  return runAction(inviteAgencyAction, orgSlug, input);
}

export async function revokeAgency(orgSlug: string, input: unknown) {
  return runAction(revokeAgencyAction, orgSlug, input);
}
