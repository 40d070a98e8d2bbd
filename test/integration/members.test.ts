import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { changeMemberRoleAction, removeMemberAction } from "@/app/o/[orgSlug]/settings/members/member-actions";
import { savePlanAction } from "@/app/o/[orgSlug]/plan/[year]/save-plan";
import type { Database, DatabaseHandle } from "@/db/connect";
import { listAuditEvents } from "@/db/queries/audit";
import { listMemberRows } from "@/db/queries/members";
import { insertMembership, insertOrganization, type Organization } from "@/db/queries/organizations";
import { loadPlanAggregate } from "@/db/queries/plans";
import { insertUser, type PublicUser } from "@/db/queries/users";
import { agencyClients, kpis, memberships } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { executeAction, type ActionDefinition, type ActionResult } from "@/lib/auth/action";
import type { Role } from "@/lib/auth/permissions";
import { listCreatingAgencyAdmins } from "@/lib/members/admins";
import { openTestDatabase } from "@/test/database";
import { seedOrganization, type SeededMember } from "@/test/seed-tenants";
import { smallPlanForm } from "@/test/plan-form";

let handle: DatabaseHandle;
let db: Database;

interface Tenant {
  organization: Organization;
  members: SeededMember[];
}

let alpha: Tenant;
let beta: Tenant;
let agency: Tenant;
/** Created by the agency, whose admins therefore count as its admins. */
let made: Tenant;
/** Gave the agency access itself, so the agency's admins do not count. */
let linked: Tenant;
/** Created by the agency, whose access was later revoked. */
let cut: Tenant;
let pair: Tenant;

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

async function membershipRow(organizationId: string, membershipId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)));
  return row ?? null;
}

async function createAgency(slug: string, roles: Role[]): Promise<Tenant> {
  const organization = await insertOrganization(db, { slug, name: `Agency ${slug}`, timeZone: "America/Chicago", kind: "agency" });
  const members: SeededMember[] = [];
  for (const [index, role] of roles.entries()) {
    const user = await insertUser(db, { email: `${role}${index}@${slug}.test`, name: `${role} ${index} of ${slug}`, passwordHash: "not-a-hash" });
    const membership = await insertMembership(db, { organizationId: organization.id, userId: user.id, role });
    members.push({ user, membershipId: membership.id });
  }
  return { organization, members };
}

async function linkAgency(client: Tenant, status: "active" | "revoked", createdByAgency: boolean) {
  await db.insert(agencyClients).values({ organizationId: client.organization.id, agencyId: agency.organization.id, status, createdByAgency });
}

function planForm(ownerMembershipId: string) {
  return smallPlanForm(ownerMembershipId);
}

beforeAll(async () => {
  vi.stubEnv("BACKSOLVE_TEST_NOW", "2027-02-15T18:00:00Z");
  handle = await openTestDatabase();
  db = handle.db;
  alpha = await seedOrganization(db, "alpha", [
    { role: "admin" },
    { role: "branch_owner", branch: "marketing" },
    { role: "contributor" },
    { role: "executive" },
    { role: "contributor" },
    { role: "contributor" },
  ]);
  beta = await seedOrganization(db, "beta", [{ role: "admin" }, { role: "contributor" }]);
  agency = await createAgency("agency", ["agency_admin", "agency_member", "agency_member"]);
  made = await seedOrganization(db, "made", [{ role: "admin" }, { role: "contributor" }]);
  linked = await seedOrganization(db, "linked", [{ role: "admin" }, { role: "contributor" }]);
  cut = await seedOrganization(db, "cut", [{ role: "admin" }]);
  pair = await seedOrganization(db, "pair", [{ role: "admin" }, { role: "admin" }]);
  await linkAgency(made, "active", true);
  await linkAgency(linked, "active", false);
  await linkAgency(cut, "revoked", true);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await handle?.close();
});

describe("permission", () => {
  const roles = [
    { role: "branch_owner", index: 1 },
    { role: "contributor", index: 2 },
    { role: "executive", index: 3 },
  ];

  describe.each(roles)("$role", ({ index }) => {
    it("role change is forbidden", async () => {
      const result = await run(changeMemberRoleAction, person(alpha, index).user, "alpha", {
        membershipId: person(alpha, 4).membershipId,
        role: "executive",
      });
      expect(failure(result).code).toBe("forbidden");
    });

    it("removal is forbidden", async () => {
      const result = await run(removeMemberAction, person(alpha, index).user, "alpha", { membershipId: person(alpha, 4).membershipId });
      expect(failure(result).code).toBe("forbidden");
    });

    it("leaves the member unchanged", async () => {
      expect((await membershipRow(alpha.organization.id, person(alpha, 4).membershipId))?.role).toBe("contributor");
    });
  });

  it("agency member is forbidden in agency", async () => {
    const result = await run(removeMemberAction, person(agency, 1).user, "agency", { membershipId: person(agency, 2).membershipId });
    expect(failure(result).code).toBe("forbidden");
  });
});

describe("listMemberRows", () => {
  it("lists alpha's members only", async () => {
    const rows = await listMemberRows(db, alpha.organization.id);
    expect(new Set(rows.map((row) => row.membershipId))).toEqual(new Set(alpha.members.map((member) => member.membershipId)));
  });

  it("carries role and branch", async () => {
    const rows = await listMemberRows(db, alpha.organization.id);
    const owner = rows.find((row) => row.membershipId === person(alpha, 1).membershipId);
    expect(owner).toMatchObject({ role: "branch_owner", branch: "marketing", email: person(alpha, 1).user.email });
  });
});

describe("change role", () => {
  it("contributor becomes executive", async () => {
    const result = await run(changeMemberRoleAction, person(alpha, 0).user, "alpha", { membershipId: person(alpha, 4).membershipId, role: "executive" });
    expect(mustSucceed(result)).toEqual({ membershipId: person(alpha, 4).membershipId, role: "executive", branch: null, changed: true });
  });

  it("stores the new role", async () => {
    expect((await membershipRow(alpha.organization.id, person(alpha, 4).membershipId))?.role).toBe("executive");
  });

  it("audits old and new role", async () => {
    const [event] = await listAuditEvents(db, alpha.organization.id, { entityType: "membership", entityId: person(alpha, 4).membershipId });
    expect(event).toMatchObject({
      action: "member.role.change",
      actorUserId: person(alpha, 0).user.id,
      oldValue: { role: "contributor", branch: null },
      newValue: { role: "executive", branch: null },
    });
  });

  it("same role writes nothing", async () => {
    const result = await run(changeMemberRoleAction, person(alpha, 0).user, "alpha", { membershipId: person(alpha, 4).membershipId, role: "executive" });
    expect(mustSucceed(result).changed).toBe(false);
  });

  it("branch owner gets a branch", async () => {
    const input = { membershipId: person(alpha, 4).membershipId, role: "branch_owner", branch: "sales" };
    mustSucceed(await run(changeMemberRoleAction, person(alpha, 0).user, "alpha", input));
    expect(await membershipRow(alpha.organization.id, person(alpha, 4).membershipId)).toMatchObject({ role: "branch_owner", branch: "sales" });
  });

  it("branch changes alone", async () => {
    const input = { membershipId: person(alpha, 4).membershipId, role: "branch_owner", branch: "existing" };
    mustSucceed(await run(changeMemberRoleAction, person(alpha, 0).user, "alpha", input));
    expect((await membershipRow(alpha.organization.id, person(alpha, 4).membershipId))?.branch).toBe("existing");
  });

  it("other roles drop the branch", async () => {
    const input = { membershipId: person(alpha, 4).membershipId, role: "contributor", branch: "sales" };
    mustSucceed(await run(changeMemberRoleAction, person(alpha, 0).user, "alpha", input));
    expect(await membershipRow(alpha.organization.id, person(alpha, 4).membershipId)).toMatchObject({ role: "contributor", branch: null });
  });
});

describe("role and branch validation", () => {
  const cases: { name: string; slug: () => string; actor: () => PublicUser; input: () => Record<string, unknown>; field: string }[] = [
    {
      name: "branch owner without branch",
      slug: () => "alpha",
      actor: () => person(alpha, 0).user,
      input: () => ({ membershipId: person(alpha, 4).membershipId, role: "branch_owner" }),
      field: "branch",
    },
    {
      name: "branch owner, empty branch",
      slug: () => "alpha",
      actor: () => person(alpha, 0).user,
      input: () => ({ membershipId: person(alpha, 4).membershipId, role: "branch_owner", branch: "" }),
      field: "branch",
    },
    {
      name: "unknown branch",
      slug: () => "alpha",
      actor: () => person(alpha, 0).user,
      input: () => ({ membershipId: person(alpha, 4).membershipId, role: "branch_owner", branch: "finance" }),
      field: "branch",
    },
    {
      name: "unknown role",
      slug: () => "alpha",
      actor: () => person(alpha, 0).user,
      input: () => ({ membershipId: person(alpha, 4).membershipId, role: "owner" }),
      field: "role",
    },
    {
      name: "agency role in company",
      slug: () => "alpha",
      actor: () => person(alpha, 0).user,
      input: () => ({ membershipId: person(alpha, 4).membershipId, role: "agency_admin" }),
      field: "role",
    },
    {
      name: "company role in agency",
      slug: () => "agency",
      actor: () => person(agency, 0).user,
      input: () => ({ membershipId: person(agency, 1).membershipId, role: "admin" }),
      field: "role",
    },
    {
      name: "malformed member id",
      slug: () => "alpha",
      actor: () => person(alpha, 0).user,
      input: () => ({ membershipId: "not-a-uuid", role: "executive" }),
      field: "membershipId",
    },
  ];

  describe.each(cases)("$name", ({ slug, actor, input, field }) => {
    it("is invalid", async () => {
      expect(failure(await run(changeMemberRoleAction, actor(), slug(), input())).code).toBe("invalid");
    });

    it("names the field", async () => {
      const result = failure(await run(changeMemberRoleAction, actor(), slug(), input()));
      expect(Object.keys(result.fieldErrors)).toContain(field);
    });
  });

  it("agency takes agency roles", async () => {
    const input = { membershipId: person(agency, 1).membershipId, role: "agency_admin" };
    mustSucceed(await run(changeMemberRoleAction, person(agency, 0).user, "agency", input));
    expect((await membershipRow(agency.organization.id, person(agency, 1).membershipId))?.role).toBe("agency_admin");
  });

  it("agency admin steps back again", async () => {
    const input = { membershipId: person(agency, 1).membershipId, role: "agency_member" };
    mustSucceed(await run(changeMemberRoleAction, person(agency, 0).user, "agency", input));
    expect((await membershipRow(agency.organization.id, person(agency, 1).membershipId))?.role).toBe("agency_member");
  });
});

describe("another organization's member", () => {
  it("role change is not_found", async () => {
    const result = await run(changeMemberRoleAction, person(alpha, 0).user, "alpha", { membershipId: person(beta, 1).membershipId, role: "executive" });
    expect(failure(result).code).toBe("not_found");
  });

  it("removal is not_found", async () => {
    const result = await run(removeMemberAction, person(alpha, 0).user, "alpha", { membershipId: person(beta, 1).membershipId });
    expect(failure(result).code).toBe("not_found");
  });

  it("foreign slug is not_found", async () => {
    const result = await run(removeMemberAction, person(alpha, 0).user, "beta", { membershipId: person(beta, 1).membershipId });
    expect(failure(result).code).toBe("not_found");
  });

  it("beta's member stays", async () => {
    expect((await membershipRow(beta.organization.id, person(beta, 1).membershipId))?.role).toBe("contributor");
  });
});

describe("last admin", () => {
  it("cannot demote themself", async () => {
    const result = await run(changeMemberRoleAction, person(alpha, 0).user, "alpha", { membershipId: person(alpha, 0).membershipId, role: "executive" });
    expect(failure(result).code).toBe("conflict");
  });

  it("demotion message names the rule", async () => {
    const result = await run(changeMemberRoleAction, person(alpha, 0).user, "alpha", { membershipId: person(alpha, 0).membershipId, role: "executive" });
    expect(failure(result).message).toBe(
      "You are the last admin, so you cannot change your own role: Org alpha needs at least one admin. Make another member an admin first.",
    );
  });

  it("cannot remove themself", async () => {
    const result = await run(removeMemberAction, person(alpha, 0).user, "alpha", { membershipId: person(alpha, 0).membershipId });
    expect(failure(result).code).toBe("conflict");
  });

  it("stays admin after refusals", async () => {
    expect((await membershipRow(alpha.organization.id, person(alpha, 0).membershipId))?.role).toBe("admin");
  });

  it("one of two admins can be removed", async () => {
    mustSucceed(await run(removeMemberAction, person(pair, 0).user, "pair", { membershipId: person(pair, 1).membershipId }));
    expect(await membershipRow(pair.organization.id, person(pair, 1).membershipId)).toBeNull();
  });

  it("then the other cannot leave", async () => {
    const result = await run(removeMemberAction, person(pair, 0).user, "pair", { membershipId: person(pair, 0).membershipId });
    expect(failure(result).code).toBe("conflict");
  });

  it("agency cannot remove invited client's admin", async () => {
    const result = await run(removeMemberAction, person(agency, 0).user, "linked", { membershipId: person(linked, 0).membershipId });
    expect(failure(result).message).toBe(
      "admin 0 of linked is the last admin, so they cannot be removed: Org linked needs at least one admin. Make another member an admin first.",
    );
  });

  it("agency cannot demote invited client's admin", async () => {
    const result = await run(changeMemberRoleAction, person(agency, 0).user, "linked", { membershipId: person(linked, 0).membershipId, role: "executive" });
    expect(failure(result).code).toBe("conflict");
  });

  it("revoked creator's admins do not count", async () => {
    const result = await run(removeMemberAction, person(cut, 0).user, "cut", { membershipId: person(cut, 0).membershipId });
    expect(failure(result).code).toBe("conflict");
  });

  it("sole agency admin cannot step down", async () => {
    const result = await run(changeMemberRoleAction, person(agency, 0).user, "agency", { membershipId: person(agency, 0).membershipId, role: "agency_member" });
    expect(failure(result).code).toBe("conflict");
  });

  it("creating agency's admins are listed", async () => {
    const admins = await withTenant(db, { userId: person(made, 0).user.id, organizationIds: [made.organization.id] }, (tx) =>
      listCreatingAgencyAdmins(tx, made.organization),
    );
    expect(admins.map((admin) => admin.userId)).toEqual([person(agency, 0).user.id]);
  });

  it("agency-made client's admin can leave", async () => {
    mustSucceed(await run(removeMemberAction, person(made, 0).user, "made", { membershipId: person(made, 0).membershipId }));
    expect(await membershipRow(made.organization.id, person(made, 0).membershipId)).toBeNull();
  });

  it("self-removal is reported", async () => {
    // The same person becomes a direct admin again, then leaves again.
    const membership = await insertMembership(db, { organizationId: made.organization.id, userId: person(made, 0).user.id, role: "admin" });
    const result = await run(removeMemberAction, person(made, 0).user, "made", { membershipId: membership.id });
    expect(mustSucceed(result).removedSelf).toBe(true);
  });

  it("agency demotes agency-made client's last admin", async () => {
    const membership = await insertMembership(db, { organizationId: made.organization.id, userId: person(made, 0).user.id, role: "admin" });
    mustSucceed(await run(changeMemberRoleAction, person(agency, 0).user, "made", { membershipId: membership.id, role: "executive" }));
    expect((await membershipRow(made.organization.id, membership.id))?.role).toBe("executive");
  });
});

describe("removing a KPI owner", () => {
  let kpiId: string;
  let removal: ActionResult<{ unownedKpis: { id: string; name: string }[] }>;
  const owner = () => person(alpha, 5);

  beforeAll(async () => {
    mustSucceed(await run(savePlanAction, person(alpha, 0).user, "alpha", { fiscalYear: "2027", values: planForm(owner().membershipId) }));
    const aggregate = await loadPlanAggregate(db, alpha.organization.id, 2027);
    kpiId = aggregate?.kpis[0]?.id ?? "";
    removal = await run(removeMemberAction, person(alpha, 0).user, "alpha", { membershipId: owner().membershipId });
  });

  it("records the KPI change", async () => {
    const events = await listAuditEvents(db, alpha.organization.id, { entityType: "kpi", entityId: kpiId });
    expect(events.map((event) => event.action)).toContain("kpi.owner.clear");
  });

  it("reports the KPI", () => {
    expect(mustSucceed(removal).unownedKpis).toEqual([{ id: kpiId, name: "Leads" }]);
  });

  it("KPI has no owner", async () => {
    const [row] = await db.select({ owner: kpis.ownerMembershipId }).from(kpis).where(and(eq(kpis.organizationId, alpha.organization.id), eq(kpis.id, kpiId)));
    expect(row?.owner).toBeNull();
  });

  it("membership is gone", async () => {
    expect(await membershipRow(alpha.organization.id, owner().membershipId)).toBeNull();
  });

  it("audits the removal", async () => {
    const [event] = await listAuditEvents(db, alpha.organization.id, { entityType: "membership", entityId: owner().membershipId });
    expect(event).toMatchObject({
      action: "member.remove",
      oldValue: { userId: owner().user.id, role: "contributor", ownedKpiIds: [kpiId] },
      newValue: null,
    });
  });

  it("audits the KPI's owner", async () => {
    const [event] = await listAuditEvents(db, alpha.organization.id, { entityType: "kpi", entityId: kpiId });
    expect(event).toMatchObject({ oldValue: { ownerMembershipId: owner().membershipId }, newValue: { ownerMembershipId: null } });
  });

  it("removing again is not_found", async () => {
    const result = await run(removeMemberAction, person(alpha, 0).user, "alpha", { membershipId: owner().membershipId });
    expect(failure(result).code).toBe("not_found");
  });
});
