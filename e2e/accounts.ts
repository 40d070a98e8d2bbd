/** Accounts that e2e/seed.ts creates for the browser tests; the password is for this throwaway database only. */
export const E2E_PASSWORD = "e2e-only-password-2027";

export const E2E_USERS = {
  admin: "admin@roles-co.test",
  executive: "executive@roles-co.test",
  marketingOwner: "marketing@roles-co.test",
  salesOwner: "sales@roles-co.test",
  agencyMember: "agent@e2e-agency.test",
} as const;
