"use server";

import { getDb } from "@/db";
import { fieldErrorsFrom, GENERIC_FAILURE } from "@/lib/auth/action";
import { invitedSignUpSchema, signUpSchema } from "@/lib/auth/sign-up-schema";
import { createAccount } from "@/lib/accounts";
import { DomainError } from "@/lib/errors";
import { signUpWithInvitation } from "@/lib/invitations";
import { logger } from "@/lib/logger";

export interface SignUpState {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Record<string, string>;
  /** Values to refill after an error; never the password. */
  values?: { name: string; email: string; organizationName: string; isAgency: boolean };
  organizationSlug?: string;
  organizationKind?: "company" | "agency";
  /** The normalized address of the new account, for the sign-in that follows. */
  email?: string;
}

export async function signUp(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const raw = {
    name: String(formData.get("name") ?? ""),
    email: String(formData.get("email") ?? ""),
    password: String(formData.get("password") ?? ""),
    organizationName: String(formData.get("organizationName") ?? ""),
    timeZone: String(formData.get("timeZone") ?? ""),
    organizationKind: formData.get("isAgency") === "on" ? "agency" : "company",
  };
  const values = { name: raw.name, email: raw.email, organizationName: raw.organizationName, isAgency: raw.organizationKind === "agency" };

  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) {
    return { status: "error", message: "Check the highlighted fields.", fieldErrors: fieldErrorsFrom(parsed.error), values };
  }
  try {
    const account = await createAccount(await getDb(), parsed.data);
    logger.info({ userId: account.userId, orgSlug: account.organizationSlug }, "account created");
    return { status: "success", organizationSlug: account.organizationSlug, organizationKind: account.organizationKind, email: account.email };
  } catch (error) {
    if (error instanceof DomainError) {
      return { status: "error", message: error.message, fieldErrors: error.fieldErrors, values };
    }
    logger.error({ err: error }, "sign-up failed");
    return { status: "error", message: GENERIC_FAILURE, values };
  }
}

export interface InvitedSignUpState {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Record<string, string>;
  /** The name to refill after an error; never the password. */
  name?: string;
  /** The invited address the account was created with, for the sign-in that follows. */
  email?: string;
}

/** Creates the account of an invited person; the token is bound by the form, the address comes from the invitation. */
export async function signUpInvited(token: string, _previous: InvitedSignUpState, formData: FormData): Promise<InvitedSignUpState> {
  const raw = { name: String(formData.get("name") ?? ""), password: String(formData.get("password") ?? "") };
  const parsed = invitedSignUpSchema.safeParse(raw);
  if (!parsed.success) {
    return { status: "error", message: "Check the highlighted fields.", fieldErrors: fieldErrorsFrom(parsed.error), name: raw.name };
  }
  try {
    const result = await signUpWithInvitation(await getDb(), token, parsed.data);
    if (!result.ok) return { status: "error", message: result.message, fieldErrors: result.fieldErrors, name: raw.name };
    logger.info({ userId: result.userId }, "invited account created");
    return { status: "success", email: result.email };
  } catch (error) {
    logger.error({ err: error }, "invited sign-up failed");
    return { status: "error", message: GENERIC_FAILURE, name: raw.name };
  }
}
