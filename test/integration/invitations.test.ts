import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { createInvitationAction, revokeInvitationAction, type CreateInvitationResult } from "@/app/o/[orgSlug]/settings/members/invitation-actions";
import type { Database, DatabaseHandle } from "@/db/connect";
import { listAuditEvents } from "@/db/queries/audit";
import { listOpenInvitations } from "@/db/queries/invitations";
import { insertMembership, insertOrganization, listOrganizationsOfUser, type Organization } from "@/db/queries/organizations";
import { findUserForSignIn, insertUser, type PublicUser } from "@/db/queries/users";
import { auditEvents, invitations, memberships } from "@/db/schema";
import { executeAction, type ActionDefinition, type ActionResult } from "@/lib/auth/action";
import { verifyPassword } from "@/lib/auth/password";
import {
  acceptInvitation,
  composeInvitationMail,
  lookUpInvitation,
  mailInvitation,
  maskEmail,
  signUpWithInvitation,
  INVITATION_PROBLEMS,
} from "@/lib/invitations";
import { openTestDatabase } from "@/test/database";
import { seedOrganization, type SeededMember } from "@/test/seed-tenants";

const NOW = "2027-02-15T18:00:00Z";
const SEVEN_DAYS_LATER = "2027-02-22T18:00:00Z";

let handle: DatabaseHandle;
let db: Database;

interface Tenant {
  organization: Organization;
  members: SeededMember[];
}

let alpha: Tenant;
let beta: Tenant;
let agency: Tenant;

function run<Schema extends z.ZodType, Result>(definition: ActionDefinition<Schema, Result>, user: PublicUser, slug: string, input: unknown) {
  return executeAction(definition, { db, user }, slug, input);
}

function mustSucceed<T>(result: ActionResult<T>): T {
  if (!result.ok) throw new Error(`The action failed: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data;
}

function failure<T>(result: ActionResult<T>) {
  if (result.ok) throw new Error(`Expected the action to fail, but it returned ${JSON.stringify(result.data)}`);
  return result;
}

function person(tenant: Tenant, index: number): SeededMember {
  const member = tenant.members[index];
  if (!member) throw new Error(`${tenant.organization.slug} has no member ${index}`);
  return member;
}

const alphaAdmin = () => person(alpha, 0).user;

function invite(email: string, role = "contributor", branch?: string) {
  return run(createInvitationAction, alphaAdmin(), "alpha", { email, role, branch });
}

async function invitationRow(organizationId: string, id: string) {
  const [row] = await db.select().from(invitations).where(and(eq(invitations.organizationId, organizationId), eq(invitations.id, id)));
  return row ?? null;
}

async function membershipsOf(userId: string) {
  return db.select().from(memberships).where(eq(memberships.userId, userId));
}

async function createUser(email: string): Promise<PublicUser> {
  return insertUser(db, { email, name: `Person ${email}`, passwordHash: "not-a-hash" });
}

const instant = (iso: string) => Temporal.Instant.from(iso);

beforeAll(async () => {
  vi.stubEnv("BACKSOLVE_TEST_NOW", NOW);
  handle = await openTestDatabase();
  db = handle.db;
  alpha = await seedOrganization(db, "alpha", [
    { role: "admin" },
    { role: "branch_owner", branch: "sales" },
    { role: "contributor" },
    { role: "executive" },
  ]);
  beta = await seedOrganization(db, "beta", [{ role: "admin" }]);
  const agencyOrganization = await insertOrganization(db, { slug: "agency", name: "Agency agency", timeZone: "UTC", kind: "agency" });
  const agencyAdmin = await createUser("boss@agency.test");
  const agencyMembership = await insertMembership(db, { organizationId: agencyOrganization.id, userId: agencyAdmin.id, role: "agency_admin" });
  agency = { organization: agencyOrganization, members: [{ user: agencyAdmin, membershipId: agencyMembership.id }] };
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await handle?.close();
});

describe("create invitation", () => {
  let created: CreateInvitationResult;

  beforeAll(async () => {
    created = mustSucceed(await invite(" Dana@Example.com ", "branch_owner", "marketing"));
  });

  it("token is 32 bytes base64url", () => {
    expect(Buffer.from(created.token, "base64url")).toHaveLength(32);
  });

  it("token uses base64url characters", () => {
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("stores only the SHA-256 hash", async () => {
    const row = await invitationRow(alpha.organization.id, created.invitationId);
    expect(row?.tokenHash).toBe(crypto.createHash("sha256").update(created.token).digest("hex"));
  });

  it("stores no token in clear", async () => {
    const row = await invitationRow(alpha.organization.id, created.invitationId);
    expect(JSON.stringify(row)).not.toContain(created.token);
  });

  it("audits no token", async () => {
    const events = await db.select().from(auditEvents).where(eq(auditEvents.organizationId, alpha.organization.id));
    expect(JSON.stringify(events)).not.toContain(created.token);
  });

  it("expires after 7 days", () => {
    expect(created.expiresAt).toBe(new Date(SEVEN_DAYS_LATER).toISOString());
  });

  it("normalizes the address", () => {
    expect(created.email).toBe("dana@example.com");
  });

  it("keeps role and branch", async () => {
    expect(await invitationRow(alpha.organization.id, created.invitationId)).toMatchObject({ role: "branch_owner", branch: "marketing" });
  });

  it("is listed as open", async () => {
    const open = await listOpenInvitations(db, alpha.organization.id);
    expect(open.map((invitation) => invitation.id)).toContain(created.invitationId);
  });

  it("audits the creation", async () => {
    const [event] = await listAuditEvents(db, alpha.organization.id, { entityType: "invitation", entityId: created.invitationId });
    expect(event).toMatchObject({
      action: "invitation.create",
      actorUserId: alphaAdmin().id,
      oldValue: null,
      newValue: { email: "dana@example.com", role: "branch_owner", branch: "marketing", status: "pending" },
    });
  });

  it("link shows the organization", async () => {
    const lookup = await lookUpInvitation(db, created.token);
    expect(lookup.ok).toBe(true);
    if (lookup.ok) expect(lookup.invitation.organizationName).toBe("Org alpha");
  });
});

describe("invitation validation", () => {
  const cases = [
    { name: "branch owner without branch", input: { email: "x@example.com", role: "branch_owner" }, field: "branch" },
    { name: "agency role in company", input: { email: "x@example.com", role: "agency_member" }, field: "role" },
    { name: "unknown role", input: { email: "x@example.com", role: "owner" }, field: "role" },
    { name: "invalid address", input: { email: "not an address", role: "contributor" }, field: "email" },
  ];

  describe.each(cases)("$name", ({ input, field }) => {
    it("is invalid", async () => {
      expect(failure(await run(createInvitationAction, alphaAdmin(), "alpha", input)).code).toBe("invalid");
    });

    it("names the field", async () => {
      const result = failure(await run(createInvitationAction, alphaAdmin(), "alpha", input));
      expect(Object.keys(result.fieldErrors)).toContain(field);
    });
  });

  it("company role in agency is invalid", async () => {
    const result = await run(createInvitationAction, person(agency, 0).user, "agency", { email: "x@example.com", role: "contributor" });
    expect(failure(result).fieldErrors.role).toBeDefined();
  });

  it("existing member is rejected", async () => {
    const result = failure(await invite(person(alpha, 2).user.email.toUpperCase()));
    expect(result.message).toBe(`${person(alpha, 2).user.email} is already a member of Org alpha as Contributor. Change their role in the member list instead.`);
  });

  it("existing member is a conflict", async () => {
    expect(failure(await invite(person(alpha, 2).user.email)).code).toBe("conflict");
  });
});

describe("permission", () => {
  describe.each([1, 2, 3])("member %i", (index) => {
    it("cannot invite", async () => {
      const result = await run(createInvitationAction, person(alpha, index).user, "alpha", { email: "x@example.com", role: "contributor" });
      expect(failure(result).code).toBe("forbidden");
    });

    it("cannot revoke", async () => {
      const open = await listOpenInvitations(db, alpha.organization.id);
      const result = await run(revokeInvitationAction, person(alpha, index).user, "alpha", { invitationId: open[0]?.id });
      expect(failure(result).code).toBe("forbidden");
    });
  });
});

describe("re-invite", () => {
  let first: CreateInvitationResult;
  let second: CreateInvitationResult;

  beforeAll(async () => {
    first = mustSucceed(await invite("erin@example.com"));
    second = mustSucceed(await invite("ERIN@example.com", "executive"));
  });

  it("reports the replacement", () => {
    expect(second.replaced).toBe(1);
  });

  it("revokes the first invitation", async () => {
    expect((await invitationRow(alpha.organization.id, first.invitationId))?.revokedAt).not.toBeNull();
  });

  it("first link says revoked", async () => {
    const lookup = await lookUpInvitation(db, first.token);
    expect(lookup.ok).toBe(false);
    if (!lookup.ok) expect(lookup.problem).toBe("revoked");
  });

  it("leaves one open invitation", async () => {
    const open = (await listOpenInvitations(db, alpha.organization.id)).filter((invitation) => invitation.email === "erin@example.com");
    expect(open.map((invitation) => invitation.id)).toEqual([second.invitationId]);
  });

  it("audits the replaced one", async () => {
    const [event] = await listAuditEvents(db, alpha.organization.id, { entityType: "invitation", entityId: first.invitationId });
    expect(event).toMatchObject({ action: "invitation.revoke", oldValue: { status: "pending" }, newValue: { status: "revoked" } });
  });
});

describe("revoke", () => {
  let created: CreateInvitationResult;
  let invitee: PublicUser;

  beforeAll(async () => {
    created = mustSucceed(await invite("fay@example.com"));
    invitee = await createUser("fay@example.com");
    mustSucceed(await run(revokeInvitationAction, alphaAdmin(), "alpha", { invitationId: created.invitationId }));
  });

  it("audits old and new status", async () => {
    const [event] = await listAuditEvents(db, alpha.organization.id, { entityType: "invitation", entityId: created.invitationId });
    expect(event).toMatchObject({
      action: "invitation.revoke",
      oldValue: { email: "fay@example.com", status: "pending" },
      newValue: { email: "fay@example.com", status: "revoked" },
    });
  });

  it("revoked link is refused", async () => {
    const result = await acceptInvitation(db, invitee, created.token);
    expect(result).toEqual({ ok: false, problem: "revoked", message: INVITATION_PROBLEMS.revoked });
  });

  it("revoked link adds no member", async () => {
    expect(await membershipsOf(invitee.id)).toEqual([]);
  });

  it("revoking twice is a conflict", async () => {
    const result = await run(revokeInvitationAction, alphaAdmin(), "alpha", { invitationId: created.invitationId });
    expect(failure(result).code).toBe("conflict");
  });
});

describe("another organization's invitation", () => {
  let foreign: CreateInvitationResult;

  beforeAll(async () => {
    foreign = mustSucceed(await run(createInvitationAction, person(beta, 0).user, "beta", { email: "gus@example.com", role: "executive" }));
  });

  it("revoke is not_found", async () => {
    const result = await run(revokeInvitationAction, alphaAdmin(), "alpha", { invitationId: foreign.invitationId });
    expect(failure(result).code).toBe("not_found");
  });

  it("foreign slug is not_found", async () => {
    const result = await run(revokeInvitationAction, alphaAdmin(), "beta", { invitationId: foreign.invitationId });
    expect(failure(result).code).toBe("not_found");
  });

  it("stays open", async () => {
    expect((await invitationRow(beta.organization.id, foreign.invitationId))?.revokedAt).toBeNull();
  });

  it("is not listed in alpha", async () => {
    const open = await listOpenInvitations(db, alpha.organization.id);
    expect(open.map((invitation) => invitation.id)).not.toContain(foreign.invitationId);
  });
});

describe("accept", () => {
  let created: CreateInvitationResult;
  let invitee: PublicUser;
  let stranger: PublicUser;

  beforeAll(async () => {
    created = mustSucceed(await invite("hana@example.com", "branch_owner", "existing"));
    invitee = await createUser("Hana@Example.com");
    stranger = await createUser("ivo@example.com");
  });

  it("wrong address gets a masked message", async () => {
    const result = await acceptInvitation(db, stranger, created.token);
    expect(result).toEqual({ ok: false, problem: "wrong_address", message: "This invitation is for h***@example.com; sign in with that address." });
  });

  it("wrong address adds no member", async () => {
    expect(await membershipsOf(stranger.id)).toEqual([]);
  });

  it("wrong address keeps it pending", async () => {
    expect((await invitationRow(alpha.organization.id, created.invitationId))?.acceptedAt).toBeNull();
  });

  it("accepting opens the organization", async () => {
    const result = await acceptInvitation(db, invitee, created.token);
    expect(result).toMatchObject({ ok: true, path: "/o/alpha", organizationName: "Org alpha" });
  });

  it("creates the membership", async () => {
    expect(await membershipsOf(invitee.id)).toMatchObject([{ organizationId: alpha.organization.id, role: "branch_owner", branch: "existing" }]);
  });

  it("marks the invitation accepted", async () => {
    expect(await invitationRow(alpha.organization.id, created.invitationId)).toMatchObject({ acceptedBy: invitee.id, acceptedAt: new Date(NOW) });
  });

  it("audits the acceptance", async () => {
    const [event] = await listAuditEvents(db, alpha.organization.id, { entityType: "invitation", entityId: created.invitationId });
    expect(event).toMatchObject({
      action: "invitation.accept",
      actorUserId: invitee.id,
      oldValue: { status: "pending" },
      newValue: { status: "accepted", acceptedBy: invitee.id },
    });
  });

  it("audits the new member", async () => {
    const [membership] = await membershipsOf(invitee.id);
    const [event] = await listAuditEvents(db, alpha.organization.id, { entityType: "membership", entityId: membership?.id });
    expect(event).toMatchObject({ action: "member.add", oldValue: null, newValue: { userId: invitee.id, role: "branch_owner", invitationId: created.invitationId } });
  });

  it("used link is refused", async () => {
    const result = await acceptInvitation(db, invitee, created.token);
    expect(result).toEqual({ ok: false, problem: "used", message: INVITATION_PROBLEMS.used });
  });

  it("used link adds no second member", async () => {
    expect(await membershipsOf(invitee.id)).toHaveLength(1);
  });

  it("no longer listed as open", async () => {
    const open = await listOpenInvitations(db, alpha.organization.id);
    expect(open.map((invitation) => invitation.id)).not.toContain(created.invitationId);
  });

  it("member cannot be re-invited", async () => {
    expect(failure(await invite("hana@example.com")).code).toBe("conflict");
  });

  it("existing member keeps the invitation unused", async () => {
    const again = mustSucceed(await run(createInvitationAction, person(beta, 0).user, "beta", { email: "pia@example.com", role: "executive" }));
    const other = await createUser("pia@example.com");
    // Made a member some other way after the invitation was sent.
    await insertMembership(db, { organizationId: beta.organization.id, userId: other.id, role: "executive" });
    const result = await acceptInvitation(db, other, again.token);
    expect(result).toMatchObject({ ok: false, problem: "already_member", path: "/o/beta" });
  });
});

describe("expiry", () => {
  let created: CreateInvitationResult;
  let invitee: PublicUser;

  beforeAll(async () => {
    created = mustSucceed(await invite("jo@example.com"));
    invitee = await createUser("jo@example.com");
  });

  it("valid one millisecond before", async () => {
    const lookup = await lookUpInvitation(db, created.token, instant("2027-02-22T17:59:59.999Z"));
    expect(lookup.ok).toBe(true);
  });

  it("expired at 7 days", async () => {
    const lookup = await lookUpInvitation(db, created.token, instant(SEVEN_DAYS_LATER));
    expect(lookup.ok).toBe(false);
    if (!lookup.ok) expect(lookup.problem).toBe("expired");
  });

  it("expired link is refused", async () => {
    const result = await acceptInvitation(db, invitee, created.token, instant("2027-02-23T09:00:00Z"));
    expect(result).toEqual({ ok: false, problem: "expired", message: INVITATION_PROBLEMS.expired });
  });

  it("expired link adds no member", async () => {
    expect(await membershipsOf(invitee.id)).toEqual([]);
  });

  it("expired one stays listed", async () => {
    const open = await listOpenInvitations(db, alpha.organization.id);
    expect(open.map((invitation) => invitation.id)).toContain(created.invitationId);
  });

  it("pinned clock expires it", async () => {
    vi.stubEnv("BACKSOLVE_TEST_NOW", SEVEN_DAYS_LATER);
    const result = await acceptInvitation(db, invitee, created.token);
    vi.stubEnv("BACKSOLVE_TEST_NOW", NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toBe("expired");
  });
});

describe("link problems", () => {
  it("malformed token", async () => {
    const lookup = await lookUpInvitation(db, "too-short");
    expect(lookup.ok).toBe(false);
    if (!lookup.ok) expect(lookup.problem).toBe("malformed");
  });

  it("unknown token", async () => {
    const lookup = await lookUpInvitation(db, crypto.randomBytes(32).toString("base64url"));
    expect(lookup.ok).toBe(false);
    if (!lookup.ok) expect(lookup.problem).toBe("unknown");
  });

  it("hash is not a token", async () => {
    const created = mustSucceed(await invite("kai@example.com"));
    const row = await invitationRow(alpha.organization.id, created.invitationId);
    const lookup = await lookUpInvitation(db, row?.tokenHash ?? "");
    expect(lookup.ok).toBe(false);
  });
});

describe("agency invitation", () => {
  it("accepting opens the agency area", async () => {
    const created = mustSucceed(await run(createInvitationAction, person(agency, 0).user, "agency", { email: "lou@example.com", role: "agency_member" }));
    const invitee = await createUser("lou@example.com");
    expect(await acceptInvitation(db, invitee, created.token)).toMatchObject({ ok: true, path: "/a/agency" });
  });
});

describe("invited sign-up", () => {
  let created: CreateInvitationResult;

  beforeAll(async () => {
    created = mustSucceed(await invite("max@example.com", "executive"));
  });

  it("creates the invited address", async () => {
    const result = await signUpWithInvitation(db, created.token, { name: "Max", password: "a long enough passphrase" });
    expect(result).toMatchObject({ ok: true, email: "max@example.com" });
  });

  it("stores the password hash", async () => {
    const user = await findUserForSignIn(db, "max@example.com");
    expect(await verifyPassword("a long enough passphrase", user?.passwordHash ?? "")).toBe(true);
  });

  it("creates no organization", async () => {
    const user = await findUserForSignIn(db, "max@example.com");
    expect(await listOrganizationsOfUser(db, user?.id ?? "")).toEqual([]);
  });

  it("leaves the invitation pending", async () => {
    expect((await invitationRow(alpha.organization.id, created.invitationId))?.acceptedAt).toBeNull();
  });

  it("second sign-up is a conflict", async () => {
    const result = await signUpWithInvitation(db, created.token, { name: "Max", password: "another long passphrase" });
    expect(result.ok || result.fieldErrors.email).toBe("An account with this email address already exists. Sign in instead.");
  });

  it("password with the address is refused", async () => {
    const result = await signUpWithInvitation(db, created.token, { name: "Max", password: "max@example.com!!" });
    expect(result.ok || result.fieldErrors.password).toBe("The password must not contain your email address.");
  });

  it("revoked invitation refuses sign-up", async () => {
    const revoked = mustSucceed(await invite("ned@example.com"));
    mustSucceed(await run(revokeInvitationAction, alphaAdmin(), "alpha", { invitationId: revoked.invitationId }));
    const result = await signUpWithInvitation(db, revoked.token, { name: "Ned", password: "a long enough passphrase" });
    expect(result).toEqual({ ok: false, message: INVITATION_PROBLEMS.revoked, fieldErrors: {} });
  });
});

describe("mail", () => {
  const mail = {
    to: "olga@example.com",
    organizationName: "Org alpha",
    role: "branch_owner" as const,
    branch: "sales" as const,
    inviterName: "Ana",
    link: "https://backsolve.example.com/invite/abc",
    expiresAt: new Date(SEVEN_DAYS_LATER),
  };
  const context = { invitationId: "00000000-0000-4000-8000-000000000000", organizationId: "00000000-0000-4000-8000-000000000001" };

  it("text carries the link", () => {
    expect(composeInvitationMail(mail).text).toContain("Open this link to accept: https://backsolve.example.com/invite/abc");
  });

  it("text names role and branch", () => {
    expect(composeInvitationMail(mail).text).toContain("as Branch owner (Sales).");
  });

  it("sends through the transport", async () => {
    const transport = nodemailer.createTransport({ jsonTransport: true });
    expect(await mailInvitation(mail, context, transport)).toBe("sent");
  });

  it("without SMTP_URL sends nothing", async () => {
    expect(await mailInvitation(mail, context, null)).toBe("not_configured");
  });

  it("reports a failed transport", async () => {
    const transport = nodemailer.createTransport({ jsonTransport: true });
    vi.spyOn(transport, "sendMail").mockRejectedValueOnce(new Error("connection refused"));
    expect(await mailInvitation(mail, context, transport)).toBe("failed");
  });

  it("masks all but the first letter", () => {
    expect(maskEmail("ana@example.com")).toBe("a***@example.com");
  });
});
