import { z } from "zod";
import { isValidTimeZone } from "@/lib/clock";

export const MIN_PASSWORD_LENGTH = 12;

export const signUpSchema = z
  .object({
    name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters for your name."),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email("Enter an email address such as ana@example.com.")),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters for the password.`)
      .max(200, "Use at most 200 characters for the password."),
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
    const password = values.password.toLowerCase();
    const localPart = values.email.split("@")[0] ?? "";
    if (password.includes(values.email) || (localPart.length >= 3 && password.includes(localPart))) {
      context.addIssue({
        code: "custom",
        path: ["password"],
        message: "The password must not contain your email address.",
      });
    }
  });

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
