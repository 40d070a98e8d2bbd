import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "@/db/connect";
import { listAuditEvents } from "@/db/queries/audit";
import { findMemberBySlug, type Member } from "@/db/queries/organizations";
import { findUserById, findUserForSignIn } from "@/db/queries/users";
import { memberships, organizations, users } from "@/db/schema";
import { createAccount, type CreatedAccount } from "@/lib/accounts";
import { verifyPassword } from "@/lib/auth/password";
import { signUpSchema, type SignUpInput } from "@/lib/auth/sign-up-schema";
import { DomainError } from "@/lib/errors";
import { openTestDatabase } from "@/test/database";

const PASSWORD = "correct horse battery";

let handle: DatabaseHandle;
let db: Database;

function signUpForm(changes: Partial<Record<keyof SignUpInput, string>> = {}) {
  return {
    name: "Ana Rivera",
    email: "ana@example.com",
    password: PASSWORD,
    organizationName: "Wehenger Technologies",
    timeZone: "Europe/Berlin",
    ...changes,
  };
}

async function rowCounts() {
  const [userCount] = await db.select({ value: count() }).from(users);
  const [organizationCount] = await db.select({ value: count() }).from(organizations);
  const [membershipCount] = await db.select({ value: count() }).from(memberships);
  return { users: userCount?.value, organizations: organizationCount?.value, memberships: membershipCount?.value };
}

/** Returns the DomainError a sign-up fails with, or null when it succeeds. */
async function domainErrorOf(attempt: Promise<unknown>): Promise<DomainError | null> {
  try {
    await attempt;
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
});

afterAll(async () => {
  await handle?.close();
});

describe("createAccount", () => {
  let account: CreatedAccount;
  let member: Member | null;

  beforeAll(async () => {
    account = await createAccount(db, signUpSchema.parse(signUpForm()));
    member = await findMemberBySlug(db, account.userId, account.organizationSlug);
  });

  it("slug comes from the name", () => {
    expect(account.organizationSlug).toBe("wehenger-technologies");
  });

  it("stores the user", async () => {
    expect(await findUserById(db, account.userId)).toEqual({ id: account.userId, email: "ana@example.com", name: "Ana Rivera" });
  });

  it("stores a password hash", async () => {
    const user = await findUserForSignIn(db, "ana@example.com");
    expect(await verifyPassword(PASSWORD, user?.passwordHash ?? "")).toBe(true);
  });

  it("never stores the password", async () => {
    const user = await findUserForSignIn(db, "ana@example.com");
    expect(user?.passwordHash).not.toContain(PASSWORD);
  });

  it.each([
    ["fiscalYearStartMonth", 1],
    ["weekStartsOn", "monday"],
    ["currency", "USD"],
    ["timeZone", "Europe/Berlin"],
    ["name", "Wehenger Technologies"],
  ] as const)("organization %s is %s", (setting, expected) => {
    expect(member?.organization[setting]).toBe(expected);
  });

  it("user is the admin", () => {
    expect(member?.role).toBe("admin");
  });

  it("user is the only member", async () => {
    const rows = await db.select().from(memberships);
    expect(rows.map((row) => row.userId)).toEqual([account.userId]);
  });

  it("records the creation", async () => {
    const events = await listAuditEvents(db, member?.organization.id ?? "");
    expect(events.map((event) => event.action)).toEqual(["organization.create"]);
  });
});

describe("duplicate email", () => {
  // The schema lower-cases addresses, so these reach createAccount unparsed to
  // check that the account store compares addresses without letter case.
  it.each(["ana@example.com", "ANA@EXAMPLE.COM", "Ana@Example.Com"])("%s is a conflict", async (email) => {
    const before = await rowCounts();
    const error = await domainErrorOf(createAccount(db, { ...signUpSchema.parse(signUpForm({ organizationName: "Second Org" })), email }));
    expect(error?.code).toBe("conflict");
    expect(await rowCounts()).toEqual(before);
  });

  it("conflict names the email field", async () => {
    const error = await domainErrorOf(createAccount(db, signUpSchema.parse(signUpForm({ email: "ANA@example.com" }))));
    expect(Object.keys(error?.fieldErrors ?? {})).toEqual(["email"]);
  });

  it("conflict creates no organization", async () => {
    await domainErrorOf(createAccount(db, signUpSchema.parse(signUpForm({ organizationName: "Ghost Org" }))));
    const rows = await db.select({ slug: organizations.slug }).from(organizations);
    expect(rows.map((row) => row.slug)).not.toContain("ghost-org");
  });
});

describe("organization slugs", () => {
  it("taken slugs get a numeric suffix", async () => {
    const slugs: string[] = [];
    for (const email of ["b1@example.com", "b2@example.com", "b3@example.com"]) {
      const account = await createAccount(db, signUpSchema.parse(signUpForm({ email, organizationName: "Acme" })));
      slugs.push(account.organizationSlug);
    }
    expect(slugs).toEqual(["acme", "acme-2", "acme-3"]);
  });

  it("suffix skips a taken suffix", async () => {
    // "Acme 4" takes the slug that a fourth "Acme" would otherwise get next.
    const first = await createAccount(db, signUpSchema.parse(signUpForm({ email: "c1@example.com", organizationName: "Acme 4" })));
    const second = await createAccount(db, signUpSchema.parse(signUpForm({ email: "c2@example.com", organizationName: "Acme" })));
    expect([first.organizationSlug, second.organizationSlug]).toEqual(["acme-4", "acme-5"]);
  });
});

describe("sign-up validation", () => {
  function passwordIssues(changes: Partial<Record<keyof SignUpInput, string>>) {
    const parsed = signUpSchema.safeParse(signUpForm(changes));
    return parsed.success ? [] : parsed.error.issues.filter((issue) => issue.path.join(".") === "password").map((issue) => issue.message);
  }

  it("rejects 11 characters", () => {
    expect(passwordIssues({ password: "a".repeat(11) })).toEqual(["Use at least 12 characters for the password."]);
  });

  it("accepts 12 characters", () => {
    expect(passwordIssues({ password: "a".repeat(12) })).toEqual([]);
  });

  it.each([
    ["the email", "xx-ana@example.com-xx"],
    ["the email in capitals", "xx-ANA@EXAMPLE.COM-xx"],
    ["the email's local part", "my name is ana!"],
  ])("rejects a password containing %s", (_case, password) => {
    expect(passwordIssues({ password })).toEqual(["The password must not contain your email address."]);
  });

  it("ignores a two-letter local part", () => {
    // The schema checks the local part only when it has three or more characters.
    expect(passwordIssues({ email: "al@example.com", password: "always a long phrase" })).toEqual([]);
  });

  it("lower-cases the email", () => {
    expect(signUpSchema.parse(signUpForm({ email: " Ana@Example.COM " })).email).toBe("ana@example.com");
  });
});

describe("concurrent sign-ups", () => {
  it("same email once", async () => {
    const input = signUpSchema.parse(signUpForm({ email: "race@example.com", organizationName: "Race One" }));
    const outcomes = await Promise.allSettled([createAccount(db, input), createAccount(db, { ...input, organizationName: "Race Two" })]);
    const failures = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
    expect(failures.map((reason: unknown) => (reason instanceof DomainError ? reason.code : String(reason)))).toEqual(["conflict"]);
  });

  it("same organization name twice", async () => {
    const first = signUpSchema.parse(signUpForm({ email: "d1@example.com", organizationName: "Twin Co" }));
    const second = signUpSchema.parse(signUpForm({ email: "d2@example.com", organizationName: "Twin Co" }));
    const accounts = await Promise.all([createAccount(db, first), createAccount(db, second)]);
    expect(accounts.map((account) => account.organizationSlug).sort()).toEqual(["twin-co", "twin-co-2"]);
  });
});
