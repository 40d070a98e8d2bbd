import { sql } from "drizzle-orm";
import crypto from "node:crypto";
import type { Database, Transaction } from "@/db/connect";
import { withTenant } from "@/db/tenant";
import { recordAudit } from "@/db/queries/audit";
import { insertMembership, insertOrganization, slugIsTaken } from "@/db/queries/organizations";
import { emailIsTaken, insertUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { slugify, type SignUpInput } from "@/lib/auth/sign-up-schema";
import { DomainError } from "@/lib/errors";

export interface CreatedUser {
  userId: string;
  email: string;
}

export interface CreatedAccount {
  userId: string;
  email: string;
  organizationSlug: string;
  organizationKind: "company" | "agency";
}

/** The validated sign-up form; an account without `organizationKind` gets a company. */
export type AccountInput = Omit<SignUpInput, "organizationKind"> & Partial<Pick<SignUpInput, "organizationKind">>;

/**
 * Creates a user, their first organization with default settings, and makes
 * them its admin (agency admin for an agency), in one transaction: a failure
 * leaves no half-made account.
 */
export async function createAccount(db: Database, input: AccountInput): Promise<CreatedAccount> {
  const passwordHash = await hashPassword(input.password);
  // The new ids are chosen here so the transaction's tenant scope can name them
  // before the rows exist.
  const userId = crypto.randomUUID();
  const organizationId = crypto.randomUUID();
  return withTenant(db, { userId, organizationIds: [organizationId] }, async (tx) => {
    await takeSignUpTurn(tx, input.email);

    const baseSlug = slugify(input.organizationName);
    let slug = baseSlug;
    for (let suffix = 2; await slugIsTaken(tx, slug); suffix += 1) slug = `${baseSlug}-${suffix}`;

    const user = await insertUser(tx, { id: userId, email: input.email, name: input.name, passwordHash });
    const kind = input.organizationKind ?? "company";
    const organization = await insertOrganization(tx, { id: organizationId, slug, name: input.organizationName, timeZone: input.timeZone, kind });
    const role = kind === "agency" ? "agency_admin" : "admin";
    const membership = await insertMembership(tx, { organizationId: organization.id, userId: user.id, role });
    await recordAudit(tx, {
      organizationId: organization.id,
      actorUserId: user.id,
      action: "organization.create",
      entityType: "organization",
      entityId: organization.id,
      oldValue: null,
      newValue: { name: organization.name, slug, kind, adminMembershipId: membership.id },
    });
    return { userId: user.id, email: user.email, organizationSlug: slug, organizationKind: kind };
  });
}

/**
 * Creates a user without an organization of their own, for a sign-up through
 * an invitation link: accepting the invitation then makes them a member.
 */
export async function createInvitedAccount(db: Database, input: { name: string; email: string; password: string }): Promise<CreatedUser> {
  const passwordHash = await hashPassword(input.password);
  const userId = crypto.randomUUID();
  return withTenant(db, { userId, organizationIds: [] }, async (tx) => {
    await takeSignUpTurn(tx, input.email);
    const user = await insertUser(tx, { id: userId, email: input.email, name: input.name, passwordHash });
    return { userId: user.id, email: user.email };
  });
}

/**
 * Waits for other sign-ups to commit, then rejects a taken address. The check
 * runs before the insert, so two sign-ups at once would both pass it and one
 * would fail on a unique index. The lock makes them take turns until commit,
 * so the second one reads the first one's rows.
 */
async function takeSignUpTurn(tx: Transaction, email: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('backsolve:sign-up'))`);
  if (await emailIsTaken(tx, email)) {
    throw new DomainError("conflict", "An account with this email address already exists.", {
      email: "An account with this email address already exists. Sign in instead.",
    });
  }
}
