"use server";

import { getDb } from "@/db";
import { fieldErrorsFrom, GENERIC_FAILURE } from "@/lib/auth/action";
import { signUpSchema } from "@/lib/auth/sign-up-schema";
import { createAccount } from "@/lib/accounts";
import { DomainError } from "@/lib/errors";
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
