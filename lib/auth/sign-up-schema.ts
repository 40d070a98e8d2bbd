import { z } from "zod";
import { isValidTimeZone } from "@/lib/clock";

export const MIN_PASSWORD_LENGTH = 12;

const nameSchema = z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters for your name.");
const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters for the password.`)
  .max(200, "Use at most 200 characters for the password.");

/** Returns whether a password contains the address or, from three characters on, its local part. */
export function passwordContainsEmail(password: string, email: string): boolean {
  const lowered = password.toLowerCase();
  const localPart = email.split("@")[0] ?? "";
  return lowered.includes(email) || (localPart.length >= 3 && lowered.includes(localPart));
}

export const PASSWORD_CONTAINS_EMAIL = "The password must not contain your email address.";

export const signUpSchema = z
  .object({
    name: nameSchema,
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email("Enter an email address such as ana@example.com.")),
    password: passwordSchema,
    organizationName: z
      .string()
      .trim()
      .min(2, "Enter your company's name (at least 2 characters).")
      .max(100, "Use at most 100 characters for the company name."),
    timeZone: z
      .string()
      .trim()
      .refine(isValidTimeZone, { message: "Choose a time zone from the list." })
      .catch("America/New_York"),
    // An agency manages the plans of client companies instead of its own.
    organizationKind: z.enum(["company", "agency"], { message: "Choose a company or an agency." }).default("company"),
  })
  .superRefine((values, context) => {
    if (passwordContainsEmail(values.password, values.email)) {
      context.addIssue({ code: "custom", path: ["password"], message: PASSWORD_CONTAINS_EMAIL });
    }
  });

/** A sign-up through an invitation link: the address comes from the invitation, and no organization is created. */
export const invitedSignUpSchema = z.object({
  name: nameSchema,
  password: passwordSchema,
});

export type InvitedSignUpInput = z.output<typeof invitedSignUpSchema>;

export type SignUpInput = z.output<typeof signUpSchema>;

/** Turns a company name into a URL slug: "Wehenger Technologies" → "wehenger-technologies". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug.length >= 2 ? slug : `org-${slug || "new"}`;
}
