import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import {
  acceptRequestAction,
  assignMemberAction,
  createClientAction,
  declineRequestAction,
  unassignMemberAction,
} from "@/app/a/[agencySlug]/clients/client-actions";
import { savePlanAction } from "@/app/o/[orgSlug]/plan/[year]/save-plan";
import { enterActualAction } from "@/app/o/[orgSlug]/scorecard/enter-actual";
import { inviteAgencyAction, revokeAgencyAction } from "@/app/o/[orgSlug]/settings/agencies/agency-actions";
import type { Database, DatabaseHandle } from "@/db/connect";
import { findAgencyBySlug, listEffectiveMemberships } from "@/db/queries/access";
import { findAgencyLink, listAssignments, listLinksOfAgency } from "@/db/queries/agencies";
import { listAuditEvents } from "@/db/queries/audit";
import { findMemberBySlug, insertMembership, insertOrganization, type Organization } from "@/db/queries/organizations";
import { listActuals } from "@/db/queries/actuals";
import { loadPlanAggregate } from "@/db/queries/plans";
import { insertUser } from "@/db/queries/users";
import { withTenant } from "@/db/tenant";
import { createAccount } from "@/lib/accounts";
import { loadPortfolio, summarizeClient, type PortfolioRow } from "@/lib/agencies/portfolio";
import { executeAction, type ActionDefinition, type ActionResult } from "@/lib/auth/action";
import { authorizeRoute } from "@/lib/auth/routes";
import type { Role } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { signUpSchema } from "@/lib/auth/sign-up-schema";
import { openTestDatabase } from "@/test/database";
import { seedOrganization } from "@/test/seed-tenants";
import { smallPlanForm } from "@/test/plan-form";

const NOW = "2027-02-15T18:00:00Z";
const INSTANT = Temporal.Instant.from(NOW);

let handle: DatabaseHandle;
let db: Database;

let acme: Organization;
let acmeAdmin: SessionUser;
let acmeBranchOwner: SessionUser;
let other: Organization;
let otherAdmin: SessionUser;
let north: Organization;
let northAdmin: SessionUser;
let northMember: SessionUser;
let northMembershipId: string;
let northIdleMember: SessionUser;
let northIdleMembershipId: string;
let northAdminMembershipId: string;
let south: Organization;
let southAdmin: SessionUser;

function run<Schema extends z.ZodType, Result>(definition: ActionDefinition<Schema, Result>, user: SessionUser, slug: string, input: unknown) {
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

/** Creates an agency organization with one member per role; password hashes are placeholders. */
async function seedAgency(slug: string, roles: Role[]) {
  const organization = await insertOrganization(db, { slug, name: `Agency ${slug}`, timeZone: "Europe/Berlin", kind: "agency" });
  const members: { user: SessionUser; membershipId: string }[] = [];
  for (const [index, role] of roles.entries()) {
    const user = await insertUser(db, { email: `${role}${index}@${slug}.test`, name: `${role} ${index} of ${slug}`, passwordHash: "not-a-hash" });
    const membership = await insertMembership(db, { organizationId: organization.id, userId: user.id, role });
    members.push({ user, membershipId: membership.id });
  }
  return { organization, members };
}

async function auditActions(organizationId: string): Promise<string[]> {
  return (await listAuditEvents(db, organizationId)).map((event) => event.action);
}

/** Lists the slugs of the organizations a user may open through the given agency. */
async function slugsThroughAgency(userId: string, agencyId: string): Promise<string[]> {
  const entries = await listEffectiveMemberships(db, userId);
  return entries.filter((entry) => entry.viaAgencyId === agencyId).map((entry) => entry.slug);
}

function planForm() {
  return smallPlanForm();
}

beforeAll(async () => {
  vi.stubEnv("BACKSOLVE_TEST_NOW", NOW);
  handle = await openTestDatabase();
  db = handle.db;

  const acmeSeed = await seedOrganization(db, "acme", [{ role: "admin" }, { role: "branch_owner", branch: "marketing" }]);
  acme = acmeSeed.organization;
  acmeAdmin = acmeSeed.members[0]!.user;
  acmeBranchOwner = acmeSeed.members[1]!.user;
  const otherSeed = await seedOrganization(db, "other", [{ role: "admin" }]);
  other = otherSeed.organization;
  otherAdmin = otherSeed.members[0]!.user;

  const northSeed = await seedAgency("north", ["agency_admin", "agency_member", "agency_member"]);
  north = northSeed.organization;
  northAdmin = northSeed.members[0]!.user;
  northAdminMembershipId = northSeed.members[0]!.membershipId;
  northMember = northSeed.members[1]!.user;
  northMembershipId = northSeed.members[1]!.membershipId;
  northIdleMember = northSeed.members[2]!.user;
  northIdleMembershipId = northSeed.members[2]!.membershipId;
  const southSeed = await seedAgency("south", ["agency_admin"]);
  south = southSeed.organization;
  southAdmin = southSeed.members[0]!.user;

  // Acme's only KPI is entered in its first week and at zero in the three weeks before 2027-02-15.
  mustSucceed(await run(savePlanAction, acmeAdmin, "acme", { fiscalYear: "2027", values: planForm() }));
  const kpi = (await loadPlanAggregate(db, acme.id, 2027))?.kpis[0];
  if (!kpi) throw new Error("Acme's plan was not saved");
  const actuals: [string, string][] = [["2027-01-04", "260"], ["2027-01-25", "0"], ["2027-02-01", "0"], ["2027-02-08", "0"]];
  for (const [weekStart, value] of actuals) {
    mustSucceed(await run(enterActualAction, acmeAdmin, "acme", { kpiId: kpi.id, weekStart, value }));
  }
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await handle?.close();
});

describe("agency sign-up", () => {
  it("sign-up defaults to company", () => {
    const input = signUpSchema.parse({ name: "Ana", email: "ana@example.com", password: "correct horse battery", organizationName: "Acme" });
    expect(input.organizationKind).toBe("company");
  });

  it("agency sign-up makes agency admin", async () => {
    const input = signUpSchema.parse({
      name: "Ana",
      email: "ana@west.example",
      password: "correct horse battery",
      organizationName: "West Agency",
      organizationKind: "agency",
    });
    const account = await createAccount(db, input);
    const [entry] = await listEffectiveMemberships(db, account.userId);
    expect(account.organizationKind).toBe("agency");
    expect(entry?.kind).toBe("agency");
    expect(entry?.role).toBe("agency_admin");
  });
});

describe("client creation", () => {
  let created: { organizationId: string; slug: string };

  beforeAll(async () => {
    created = mustSucceed(await run(createClientAction, northAdmin, "north", { name: "Bright Bakery" }));
  });

  it("creates a company organization", async () => {
    const member = await findMemberBySlug(db, northAdmin.id, created.slug);
    expect(created.slug).toBe("bright-bakery");
    expect(member?.organization.kind).toBe("company");
    expect(member?.organization.timeZone).toBe(north.timeZone);
  });

  it("link is active and agency-made", async () => {
    const link = await findAgencyLink(db, created.organizationId, north.id);
    expect(link?.status).toBe("active");
    expect(link?.createdByAgency).toBe(true);
  });

  it("agency admin acts as admin", async () => {
    const member = await findMemberBySlug(db, northAdmin.id, "bright-bakery");
    expect(member?.role).toBe("admin");
    expect(member?.viaAgencyId).toBe(north.id);
    expect(member?.membershipId).toBeNull();
  });

  it("audit lands in client and agency", async () => {
    expect(await auditActions(created.organizationId)).toEqual(expect.arrayContaining(["organization.create", "agency_link.create"]));
    expect(await auditActions(north.id)).toContain("client.create");
  });

  it("same name gets a suffix", async () => {
    const second = mustSucceed(await run(createClientAction, northAdmin, "north", { name: "Bright Bakery" }));
    expect(second.slug).toBe("bright-bakery-2");
  });

  it("short name is invalid", async () => {
    const result = failure(await run(createClientAction, northAdmin, "north", { name: " B " }));
    expect(result.code).toBe("invalid");
    expect(result.fieldErrors.name).toMatch(/at least 2 characters/);
  });
});

describe("invitation by slug", () => {
  let linkId: string;

  beforeAll(async () => {
    linkId = mustSucceed(await run(inviteAgencyAction, acmeAdmin, "acme", { agencySlug: " North " })).linkId;
  });

  it("invite creates a pending link", async () => {
    const link = await findAgencyLink(db, acme.id, north.id);
    expect(link?.id).toBe(linkId);
    expect(link?.status).toBe("pending");
    expect(link?.createdByAgency).toBe(false);
  });

  it("pending link grants no access", async () => {
    expect(await findMemberBySlug(db, northAdmin.id, "acme")).toBeNull();
  });

  it("agency sees the pending request", async () => {
    const pending = await withTenant(db, { userId: northAdmin.id, organizationIds: [north.id] }, (tx) => listLinksOfAgency(tx, north.id, ["pending"]));
    expect(pending.map((link) => link.organizationId)).toEqual([acme.id]);
  });

  it("second invite is a conflict", async () => {
    expect(failure(await run(inviteAgencyAction, acmeAdmin, "acme", { agencySlug: "north" })).code).toBe("conflict");
  });

  it("accept activates the link", async () => {
    mustSucceed(await run(acceptRequestAction, northAdmin, "north", { linkId }));
    expect((await findAgencyLink(db, acme.id, north.id))?.status).toBe("active");
  });

  it("admin's access includes the client", async () => {
    const entry = (await listEffectiveMemberships(db, northAdmin.id)).find((candidate) => candidate.slug === "acme");
    expect(entry?.role).toBe("admin");
    expect(entry?.viaAgencyId).toBe(north.id);
  });

  it("accepting twice is not found", async () => {
    expect(failure(await run(acceptRequestAction, northAdmin, "north", { linkId })).code).toBe("not_found");
  });

  it("active agency invite is a conflict", async () => {
    expect(failure(await run(inviteAgencyAction, acmeAdmin, "acme", { agencySlug: "north" })).code).toBe("conflict");
  });

  it("audit records invite and accept", async () => {
    expect(await auditActions(acme.id)).toEqual(expect.arrayContaining(["agency_link.create", "agency_link.accept"]));
  });
});

describe("slugs that name no agency", () => {
  it("findAgencyBySlug skips companies", async () => {
    expect(await findAgencyBySlug(db, "other")).toBeNull();
  });

  it("company slug is invalid", async () => {
    const result = failure(await run(inviteAgencyAction, acmeAdmin, "acme", { agencySlug: "other" }));
    expect(result.code).toBe("invalid");
    expect(result.fieldErrors.agencySlug).toBe(`No agency uses the slug "other". Ask the agency for the slug in its Backsolve address (/a/…).`);
  });

  it("unknown slug gets the same message", async () => {
    const result = failure(await run(inviteAgencyAction, acmeAdmin, "acme", { agencySlug: "nobody" }));
    expect(result.fieldErrors.agencySlug).toBe(`No agency uses the slug "nobody". Ask the agency for the slug in its Backsolve address (/a/…).`);
  });

  it("malformed slug is invalid", async () => {
    const result = failure(await run(inviteAgencyAction, acmeAdmin, "acme", { agencySlug: "no such agency" }));
    expect(result.fieldErrors.agencySlug).toMatch(/lower-case letters, digits and single hyphens/);
  });

  it("company slug creates no link", async () => {
    expect(await findAgencyLink(db, acme.id, other.id)).toBeNull();
  });
});

describe("assignments", () => {
  it("member sees assigned clients only", async () => {
    mustSucceed(await run(assignMemberAction, northAdmin, "north", { membershipId: northMembershipId, clientOrganizationId: acme.id }));
    expect(await slugsThroughAgency(northMember.id, north.id)).toEqual(["acme"]);
  });

  it("assigned member acts as admin", async () => {
    expect((await findMemberBySlug(db, northMember.id, "acme"))?.role).toBe("admin");
  });

  it("unassigned member sees no client", async () => {
    expect(await slugsThroughAgency(northIdleMember.id, north.id)).toEqual([]);
  });

  it("assigning twice is a conflict", async () => {
    const result = await run(assignMemberAction, northAdmin, "north", { membershipId: northMembershipId, clientOrganizationId: acme.id });
    expect(failure(result).code).toBe("conflict");
  });

  it("assigning an admin is invalid", async () => {
    const result = await run(assignMemberAction, northAdmin, "north", { membershipId: northAdminMembershipId, clientOrganizationId: acme.id });
    expect(failure(result).fieldErrors.membershipId).toMatch(/admins see every client/);
  });

  it("unlinked client is not found", async () => {
    const result = await run(assignMemberAction, northAdmin, "north", { membershipId: northMembershipId, clientOrganizationId: other.id });
    expect(failure(result).code).toBe("not_found");
  });

  it("unassigning removes access", async () => {
    const input = { membershipId: northIdleMembershipId, clientOrganizationId: acme.id };
    const { assignmentId } = mustSucceed(await run(assignMemberAction, northAdmin, "north", input));
    expect(await slugsThroughAgency(northIdleMember.id, north.id)).toEqual(["acme"]);
    mustSucceed(await run(unassignMemberAction, northAdmin, "north", { assignmentId }));
    expect(await slugsThroughAgency(northIdleMember.id, north.id)).toEqual([]);
  });

  it("audit records assignment changes", async () => {
    expect(await auditActions(north.id)).toEqual(expect.arrayContaining(["assignment.create", "assignment.delete"]));
  });
});

describe("permissions", () => {
  it("agency member cannot create clients", async () => {
    expect(failure(await run(createClientAction, northMember, "north", { name: "Sneaky Co" })).code).toBe("forbidden");
  });

  it("agency member cannot assign", async () => {
    const result = await run(assignMemberAction, northMember, "north", { membershipId: northIdleMembershipId, clientOrganizationId: acme.id });
    expect(failure(result).code).toBe("forbidden");
  });

  it("agency member cannot unassign", async () => {
    const [assignment] = await listAssignments(db, north.id);
    const result = await run(unassignMemberAction, northMember, "north", { assignmentId: assignment?.id });
    expect(failure(result).code).toBe("forbidden");
  });

  it("branch owner cannot invite an agency", async () => {
    expect(failure(await run(inviteAgencyAction, acmeBranchOwner, "acme", { agencySlug: "south" })).code).toBe("forbidden");
  });

  it("agency cannot invite another agency", async () => {
    expect(failure(await run(inviteAgencyAction, northAdmin, "acme", { agencySlug: "south" })).code).toBe("forbidden");
  });

  it("agency cannot revoke itself", async () => {
    const link = await findAgencyLink(db, acme.id, north.id);
    expect(failure(await run(revokeAgencyAction, northAdmin, "acme", { linkId: link?.id })).code).toBe("forbidden");
  });

  it("company admin cannot create clients", async () => {
    expect(failure(await run(createClientAction, acmeAdmin, "acme", { name: "Side Co" })).code).toBe("forbidden");
  });
});

describe("portfolio", () => {
  let adminRows: PortfolioRow[];
  let acmeRow: PortfolioRow | undefined;

  beforeAll(async () => {
    adminRows = await loadPortfolio(db, { userId: northAdmin.id, agencyId: north.id }, INSTANT);
    acmeRow = adminRows.find((row) => row.slug === "acme");
  });

  it("admin sees every active client", () => {
    expect(adminRows.map((row) => row.slug)).toEqual(["bright-bakery", "bright-bakery-2", "acme"]);
  });

  it("member sees assigned clients only", async () => {
    const rows = await loadPortfolio(db, { userId: northMember.id, agencyId: north.id }, INSTANT);
    expect(rows.map((row) => row.slug)).toEqual(["acme"]);
  });

  it("unassigned member sees nothing", async () => {
    expect(await loadPortfolio(db, { userId: northIdleMember.id, agencyId: north.id }, INSTANT)).toEqual([]);
  });

  it("other agency's admin sees nothing", async () => {
    expect(await loadPortfolio(db, { userId: southAdmin.id, agencyId: north.id }, INSTANT)).toEqual([]);
  });

  it("client row carries the goal", () => {
    expect(acmeRow?.hasPlan).toBe(true);
    expect(acmeRow?.fiscalYear).toBe("FY2027");
    expect(acmeRow?.revenueGoal).toBe("20000000");
    expect(acmeRow?.kpiCount).toBe(1);
  });

  it("last complete week is counted", () => {
    expect(acmeRow?.lastCompleteWeek).toBe("2027-02-08");
    expect(acmeRow?.statusCounts).toEqual({ on_track: 0, at_risk: 0, off_track: 1, not_entered: 0 });
    expect(acmeRow?.missingEntries).toEqual([]);
  });

  it("zero weeks raise a red flag", () => {
    expect(acmeRow?.redFlags).toEqual(["Leads"]);
    expect(acmeRow?.kpisOnTrackYearToDate).toBe(0);
  });

  it("client without a plan", () => {
    const row = adminRows.find((candidate) => candidate.slug === "bright-bakery");
    expect(row?.hasPlan).toBe(false);
    expect(row?.revenueGoal).toBeNull();
    expect(row?.statusCounts).toEqual({ on_track: 0, at_risk: 0, off_track: 0, not_entered: 0 });
  });
});

describe("summarizeClient", () => {
  /** Summarizes Acme as of an earlier day, with only the actuals entered by then. */
  async function summaryOn(today: string) {
    const aggregate = await loadPlanAggregate(db, acme.id, 2027);
    const actuals = await listActuals(db, acme.id, aggregate?.kpis.map((kpi) => kpi.id) ?? []);
    return summarizeClient(acme, aggregate, actuals.filter((actual) => actual.weekStart < today), today);
  }

  it("blank last week is missing", async () => {
    const row = await summaryOn("2027-01-20");
    expect(row.planIssues).toBe(0);
    expect(row.lastCompleteWeek).toBe("2027-01-11");
    expect(row.statusCounts.not_entered).toBe(1);
    expect(row.missingEntries).toEqual(["Leads"]);
    expect(row.redFlags).toEqual([]);
  });

  it("first week not yet complete", async () => {
    const row = await summaryOn("2027-01-06");
    expect(row.lastCompleteWeek).toBeNull();
    expect(row.statusCounts).toEqual({ on_track: 0, at_risk: 0, off_track: 0, not_entered: 0 });
  });
});

describe("second agency", () => {
  let otherLinkId: string;

  beforeAll(async () => {
    otherLinkId = mustSucceed(await run(inviteAgencyAction, otherAdmin, "other", { agencySlug: "north" })).linkId;
  });

  it("cannot open the first's client", async () => {
    expect(await findMemberBySlug(db, southAdmin.id, "bright-bakery")).toBeNull();
  });

  it("cannot read the first's links", async () => {
    const links = await withTenant(db, { userId: southAdmin.id, organizationIds: [south.id] }, (tx) => listLinksOfAgency(tx, north.id, ["pending", "active", "revoked"]));
    expect(links).toEqual([]);
  });

  it("cannot read the first's assignments", async () => {
    const rows = await withTenant(db, { userId: southAdmin.id, organizationIds: [south.id] }, (tx) => listAssignments(tx, north.id));
    expect(rows).toEqual([]);
  });

  it("cannot accept the first's request", async () => {
    expect(failure(await run(acceptRequestAction, southAdmin, "south", { linkId: otherLinkId })).code).toBe("not_found");
  });

  it("cannot act on the first's page", async () => {
    expect(failure(await run(acceptRequestAction, southAdmin, "north", { linkId: otherLinkId })).code).toBe("not_found");
  });

  it("request stays pending", async () => {
    expect((await findAgencyLink(db, other.id, north.id))?.status).toBe("pending");
  });
});

describe("decline", () => {
  let linkId: string;

  beforeAll(async () => {
    // A pasted address works as well as the bare slug.
    linkId = mustSucceed(await run(inviteAgencyAction, otherAdmin, "other", { agencySlug: "http://localhost:3000/a/south/" })).linkId;
    mustSucceed(await run(declineRequestAction, southAdmin, "south", { linkId }));
  });

  it("decline removes the request", async () => {
    expect(await findAgencyLink(db, other.id, south.id)).toBeNull();
  });

  it("declined agency has no access", async () => {
    expect(await findMemberBySlug(db, southAdmin.id, "other")).toBeNull();
  });

  it("audit records the decline", async () => {
    expect(await auditActions(other.id)).toContain("agency_link.decline");
  });

  it("declining twice is not found", async () => {
    expect(failure(await run(declineRequestAction, southAdmin, "south", { linkId })).code).toBe("not_found");
  });

  it("company can ask again", async () => {
    mustSucceed(await run(inviteAgencyAction, otherAdmin, "other", { agencySlug: "south" }));
    expect((await findAgencyLink(db, other.id, south.id))?.status).toBe("pending");
  });
});

describe("agency routes", () => {
  it("agency admin opens the portfolio", async () => {
    expect((await authorizeRoute(db, northAdmin, "north", "/a/[agencySlug]")).outcome).toBe("allowed");
  });

  it("agency member opens the clients page", async () => {
    expect((await authorizeRoute(db, northMember, "north", "/a/[agencySlug]/clients")).outcome).toBe("allowed");
  });

  it("company slug under /a is not found", async () => {
    expect((await authorizeRoute(db, northAdmin, "bright-bakery", "/a/[agencySlug]")).outcome).toBe("not_found");
  });

  it("other agency's portfolio is not found", async () => {
    expect((await authorizeRoute(db, southAdmin, "north", "/a/[agencySlug]")).outcome).toBe("not_found");
  });

  it("company admin opens agency settings", async () => {
    expect((await authorizeRoute(db, acmeAdmin, "acme", "/o/[orgSlug]/settings/agencies")).outcome).toBe("allowed");
  });

  it("branch owner may not open agency settings", async () => {
    expect((await authorizeRoute(db, acmeBranchOwner, "acme", "/o/[orgSlug]/settings/agencies")).outcome).toBe("not_allowed");
  });
});

describe("revocation", () => {
  let linkId: string;

  beforeAll(async () => {
    const link = await findAgencyLink(db, acme.id, north.id);
    if (!link) throw new Error("North has no link to Acme");
    linkId = link.id;
    mustSucceed(await run(revokeAgencyAction, acmeAdmin, "acme", { linkId }));
  });

  it("agency admin loses access at once", async () => {
    expect(await findMemberBySlug(db, northAdmin.id, "acme")).toBeNull();
  });

  it("assigned member loses access", async () => {
    expect(await findMemberBySlug(db, northMember.id, "acme")).toBeNull();
  });

  it("agency actions become not found", async () => {
    const kpi = (await loadPlanAggregate(db, acme.id, 2027))?.kpis[0];
    const result = await run(enterActualAction, northAdmin, "acme", { kpiId: kpi?.id, weekStart: "2027-02-08", value: "5" });
    expect(failure(result).code).toBe("not_found");
  });

  it("portfolio drops the client", async () => {
    const rows = await loadPortfolio(db, { userId: northAdmin.id, agencyId: north.id }, INSTANT);
    expect(rows.map((row) => row.slug)).not.toContain("acme");
  });

  it("audit records the revocation", async () => {
    const [event] = await listAuditEvents(db, acme.id, { entityType: "agency_link", entityId: linkId });
    expect(event?.action).toBe("agency_link.revoke");
    expect(event?.oldValue).toEqual({ agencyId: north.id, status: "active" });
  });

  it("revoking twice is not found", async () => {
    expect(failure(await run(revokeAgencyAction, acmeAdmin, "acme", { linkId })).code).toBe("not_found");
  });

  it("invite reopens the revoked link", async () => {
    const reopened = mustSucceed(await run(inviteAgencyAction, acmeAdmin, "acme", { agencySlug: "north" }));
    expect(reopened.linkId).toBe(linkId);
    expect((await findAgencyLink(db, acme.id, north.id))?.status).toBe("pending");
  });

  it("reopened link grants no access", async () => {
    expect(await findMemberBySlug(db, northAdmin.id, "acme")).toBeNull();
  });
});
