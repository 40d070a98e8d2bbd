import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { auditFilterOf, parseAuditSearch } from "@/app/o/[orgSlug]/audit/audit-search";
import { actorLabel, describeEvent, groupDigits, type DescribeContext } from "@/app/o/[orgSlug]/audit/describe-event";
import { savePlanAction } from "@/app/o/[orgSlug]/plan/[year]/save-plan";
import { enterActualAction } from "@/app/o/[orgSlug]/scorecard/enter-actual";
import { updateSettingsAction } from "@/app/o/[orgSlug]/settings/update-settings";
import type { Database, DatabaseHandle, Transaction } from "@/db/connect";
import {
  auditEventExists,
  listAuditActors,
  listAuditEntityTypes,
  listAuditEvents,
  listAuditPage,
  loadAuditSubjects,
  recordAudit,
  type AuditEventRow,
  type AuditFilter,
} from "@/db/queries/audit";
import { listMembers, type Organization } from "@/db/queries/organizations";
import { loadPlanAggregate } from "@/db/queries/plans";
import { auditEvents, organizations } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createAccount } from "@/lib/accounts";
import { executeAction, type ActionDefinition, type ActionResult } from "@/lib/auth/action";
import { can } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { openTestDatabase } from "@/test/database";
import { seedOrganization } from "@/test/seed-tenants";
import type { z } from "zod";

// Monday 2027-02-15 at noon in America/Chicago, in the seventh week of FY2027.
const NOW = "2027-02-15T18:00:00Z";
const KPI_NAME = "Gated content downloads";

let handle: DatabaseHandle;
let db: Database;
let alpha: Organization;
let beta: Organization;
let gamma: Organization;
let alphaAdmin: SessionUser;
let alphaOwner: SessionUser;
let alphaOwnerMembershipId: string;
let betaAdmin: SessionUser;
let gammaAdmin: SessionUser;
let alphaKpiId: string;
let alphaPlanId: string;
let betaKpiId: string;
let betaEventId: string;
let signUpOrganizationSlug: string;

function planForm(ownerMembershipId: string, revenueGoal = "20000000", weights = ["20", "23", "27", "30"]) {
  return {
    revenueGoal,
    contractedRevenue: "16000000",
    expansionRevenue: "2000000",
    newRevenueSales: "1000000",
    newRevenueMarketing: String(Number(revenueGoal) - 19000000),
    averageCustomerValue: "500000",
    lastYearCustomersSales: "",
    lastYearCustomersMarketing: "",
    historicalGrowthPercent: "",
    stages: [
      { key: "downloads", name: "Downloads", lastYear: "8000", plannedRatePercent: "" },
      { key: "customers", name: "Customers", lastYear: "1", plannedRatePercent: "" },
    ],
    kpi: { name: KPI_NAME, stageKey: "downloads", weightsPercent: weights, ownerMembershipId },
  };
}

async function mustRun<Schema extends z.ZodType, Result>(
  definition: ActionDefinition<Schema, Result>,
  user: SessionUser,
  slug: string,
  input: unknown,
): Promise<Result> {
  const result: ActionResult<Result> = await executeAction(definition, { db, user }, slug, input);
  if (!result.ok) throw new Error(`${definition.name} failed: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data;
}

/** Reads as the page does: inside alpha's tenant scope, under row-level security. */
function asAlpha<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  return withTenant(db, { userId: alphaAdmin.id, organizationIds: [alpha.id] }, work);
}

function alphaEvents(filter: AuditFilter = {}): Promise<AuditEventRow[]> {
  return asAlpha((tx) => listAuditEvents(tx, alpha.id, filter));
}

function settingsOf(organization: Organization) {
  return {
    name: organization.name,
    fiscalYearStartMonth: String(organization.fiscalYearStartMonth),
    weekStartsOn: organization.weekStartsOn,
    fiscalYearNaming: organization.fiscalYearNaming,
    monthPattern: organization.monthPattern,
    currency: organization.currency,
    timeZone: organization.timeZone,
    meetingWeekday: organization.meetingWeekday,
    meetingTime: organization.meetingTime,
  };
}

beforeAll(async () => {
  vi.stubEnv("BACKSOLVE_TEST_NOW", NOW);
  handle = await openTestDatabase();
  db = handle.db;

  const seededAlpha = await seedOrganization(db, "alpha", [{ role: "admin" }, { role: "contributor" }, { role: "executive" }]);
  alpha = seededAlpha.organization;
  alphaAdmin = seededAlpha.members[0]!.user;
  alphaOwner = seededAlpha.members[1]!.user;
  alphaOwnerMembershipId = seededAlpha.members[1]!.membershipId;
  const seededBeta = await seedOrganization(db, "beta", [{ role: "admin" }]);
  beta = seededBeta.organization;
  betaAdmin = seededBeta.members[0]!.user;
  const seededGamma = await seedOrganization(db, "gamma", [{ role: "admin" }]);
  gamma = seededGamma.organization;
  gammaAdmin = seededGamma.members[0]!.user;

  // Alpha: every kind of change the actions make.
  await mustRun(savePlanAction, alphaAdmin, "alpha", { fiscalYear: "2027", values: planForm(alphaOwnerMembershipId) });
  await mustRun(savePlanAction, alphaAdmin, "alpha", {
    fiscalYear: "2027",
    values: planForm(alphaOwnerMembershipId, "21000000", ["25", "25", "25", "25"]),
  });
  const alphaAggregate = await loadPlanAggregate(db, alpha.id, 2027);
  alphaKpiId = alphaAggregate!.kpis[0]!.id;
  alphaPlanId = alphaAggregate!.plan.id;
  const enter = (weekStart: string, value: string) =>
    mustRun(enterActualAction, alphaOwner, "alpha", { kpiId: alphaKpiId, weekStart, value });
  await enter("2027-01-11", "240");
  await enter("2027-01-11", "250");
  await enter("2027-01-18", "100");
  await enter("2027-01-18", "");
  await mustRun(updateSettingsAction, alphaAdmin, "alpha", { ...settingsOf(alpha), meetingTime: "09:30" });
  await recordAudit(db, {
    organizationId: alpha.id,
    actorUserId: null,
    action: "plan.update",
    entityType: "plan",
    entityId: alphaPlanId,
    oldValue: null,
    newValue: null,
  });

  // Beta: its own plan and actual, which alpha must never see.
  await mustRun(savePlanAction, betaAdmin, "beta", { fiscalYear: "2027", values: planForm(seededBeta.members[0]!.membershipId) });
  betaKpiId = (await loadPlanAggregate(db, beta.id, 2027))!.kpis[0]!.id;
  await mustRun(enterActualAction, betaAdmin, "beta", { kpiId: betaKpiId, weekStart: "2027-01-11", value: "7" });
  betaEventId = (await listAuditEvents(db, beta.id, { entityType: "kpi" }))[0]!.id;

  const account = await createAccount(db, {
    name: "Sign Up",
    email: "founder@signup.test",
    password: "a long enough passphrase",
    organizationName: "Sign-up Company",
    timeZone: "Europe/Berlin",
  });
  signUpOrganizationSlug = account.organizationSlug;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await handle?.close();
});

describe("events of every action", () => {
  it("plan saves write create and update", async () => {
    const actions = (await alphaEvents({ entityType: "plan", actorUserId: alphaAdmin.id })).map((event) => event.action);
    expect(actions).toEqual(["plan.update", "plan.create"]);
  });

  it("actual entries write create, update, clear", async () => {
    const actions = (await alphaEvents({ entityType: "kpi" })).map((event) => event.action);
    expect(actions).toEqual(["actual.clear", "actual.create", "actual.update", "actual.create"]);
  });

  it("settings save writes settings.update", async () => {
    const actions = (await alphaEvents({ entityType: "organization" })).map((event) => event.action);
    expect(actions).toEqual(["settings.update"]);
  });

  it("sign-up writes organization.create", async () => {
    const [organizationRow] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, signUpOrganizationSlug));
    const events = await listAuditEvents(db, organizationRow!.id);
    expect(events.map((event) => event.action)).toEqual(["organization.create"]);
  });

  it("events carry the actor's name", async () => {
    const [latestActual] = await alphaEvents({ entityType: "kpi" });
    expect(latestActual?.actorName).toBe(alphaOwner.name);
  });
});

describe("isolation between organizations", () => {
  it("alpha's list has alpha's events only", async () => {
    const events = await alphaEvents({ limit: 500 });
    expect(new Set(events.map((event) => event.organizationId))).toEqual(new Set([alpha.id]));
  });

  it("beta's id under alpha's scope is empty", async () => {
    expect(await asAlpha((tx) => listAuditEvents(tx, beta.id))).toEqual([]);
  });

  it("beta's KPI id finds nothing", async () => {
    expect(await alphaEvents({ entityId: betaKpiId })).toEqual([]);
  });

  it("beta's event as cursor finds nothing", async () => {
    expect(await alphaEvents({ before: betaEventId })).toEqual([]);
  });

  it("beta's event is unknown to alpha", async () => {
    expect(await asAlpha((tx) => auditEventExists(tx, alpha.id, betaEventId))).toBe(false);
  });

  it("alpha's event is known to alpha", async () => {
    const [latest] = await alphaEvents();
    expect(await asAlpha((tx) => auditEventExists(tx, alpha.id, latest!.id))).toBe(true);
  });

  it("beta's admin is no alpha actor", async () => {
    const actors = await asAlpha((tx) => listAuditActors(tx, alpha.id));
    expect(actors.map((actor) => actor.userId)).not.toContain(betaAdmin.id);
  });

  it("actors are alpha's people", async () => {
    const actors = await asAlpha((tx) => listAuditActors(tx, alpha.id));
    expect(new Set(actors.map((actor) => actor.userId))).toEqual(new Set([alphaAdmin.id, alphaOwner.id, null]));
  });

  it("entity types are alpha's", async () => {
    expect(await asAlpha((tx) => listAuditEntityTypes(tx, alpha.id))).toEqual(["kpi", "organization", "plan"]);
  });

  it("beta's KPI name is not loaded", async () => {
    const subjects = await asAlpha((tx) => loadAuditSubjects(tx, alpha.id, [{ entityType: "kpi", entityId: betaKpiId }]));
    expect(subjects.kpiNames.size).toBe(0);
  });
});

describe("filters", () => {
  it("person keeps that actor's events", async () => {
    const events = await alphaEvents({ actorUserId: alphaOwner.id });
    expect(new Set(events.map((event) => event.actorUserId))).toEqual(new Set([alphaOwner.id]));
  });

  it("person counts that actor's events", async () => {
    expect(await alphaEvents({ actorUserId: alphaOwner.id })).toHaveLength(4);
  });

  it("deleted person keeps null actors", async () => {
    const events = await alphaEvents({ actorUserId: null });
    expect(events.map((event) => [event.actorUserId, event.action])).toEqual([[null, "plan.update"]]);
  });

  it("entity type keeps that type", async () => {
    const events = await alphaEvents({ entityType: "plan" });
    expect(new Set(events.map((event) => event.entityType))).toEqual(new Set(["plan"]));
  });

  it("entity id keeps that entity", async () => {
    const events = await alphaEvents({ entityType: "kpi", entityId: alphaKpiId });
    expect(new Set(events.map((event) => event.entityId))).toEqual(new Set([alphaKpiId]));
  });

  it("filters combine", async () => {
    expect(await alphaEvents({ actorUserId: alphaAdmin.id, entityType: "kpi" })).toEqual([]);
  });
});

describe("paging", () => {
  const TOTAL = 120;
  let everything: AuditEventRow[];

  beforeAll(async () => {
    // One event a minute, except that events 40-44 share one instant and
    // events 45 and 46 differ by one microsecond only, to exercise the tie
    // breaker and the cursor's precision.
    const base = Date.parse("2027-01-01T00:00:00Z");
    for (let index = 0; index < TOTAL; index += 1) {
      const minute = index >= 40 && index <= 44 ? 40 : index;
      const createdAt =
        index === 45
          ? sql`'2027-01-01T00:45:00.000001Z'::timestamptz`
          : index === 46
            ? sql`'2027-01-01T00:45:00.000002Z'::timestamptz`
            : new Date(base + minute * 60_000);
      await db.insert(auditEvents).values({
        organizationId: gamma.id,
        actorUserId: gammaAdmin.id,
        action: "test.write",
        entityType: "kpi",
        entityId: null,
        newValue: { index },
        createdAt: createdAt as Date,
      });
    }
    everything = await listAuditEvents(db, gamma.id, { limit: 500 });
  });

  function indexes(events: AuditEventRow[]): number[] {
    return events.map((event) => (event.newValue as { index: number }).index);
  }

  function gammaPage(filter: Omit<AuditFilter, "limit">) {
    return withTenant(db, { userId: gammaAdmin.id, organizationIds: [gamma.id] }, (tx) => listAuditPage(tx, gamma.id, filter, 50));
  }

  it("lists newest first", () => {
    expect(indexes(everything).slice(0, 3)).toEqual([119, 118, 117]);
  });

  it("orders microsecond neighbours", () => {
    const order = indexes(everything);
    expect(order.indexOf(46)).toBeLessThan(order.indexOf(45));
  });

  it("pages cover every event once", async () => {
    const first = await gammaPage({});
    const second = await gammaPage({ before: first.olderCursor! });
    const third = await gammaPage({ before: second.olderCursor! });
    expect([...first.events, ...second.events, ...third.events].map((event) => event.id)).toEqual(everything.map((event) => event.id));
  });

  it("page sizes are 50, 50, 20", async () => {
    const first = await gammaPage({});
    const second = await gammaPage({ before: first.olderCursor! });
    const third = await gammaPage({ before: second.olderCursor! });
    expect([first.events.length, second.events.length, third.events.length]).toEqual([50, 50, 20]);
  });

  it("first page has no newer link", async () => {
    expect((await gammaPage({})).newerCursor).toBeNull();
  });

  it("last page has no older link", async () => {
    const first = await gammaPage({});
    const second = await gammaPage({ before: first.olderCursor! });
    const third = await gammaPage({ before: second.olderCursor! });
    expect(third.olderCursor).toBeNull();
  });

  it("newer link returns the previous page", async () => {
    const first = await gammaPage({});
    const second = await gammaPage({ before: first.olderCursor! });
    const third = await gammaPage({ before: second.olderCursor! });
    const back = await gammaPage({ after: third.newerCursor! });
    expect(back.events.map((event) => event.id)).toEqual(second.events.map((event) => event.id));
  });

  it("newer from page two reaches the start", async () => {
    const first = await gammaPage({});
    const second = await gammaPage({ before: first.olderCursor! });
    const back = await gammaPage({ after: second.newerCursor! });
    expect([back.events.map((event) => event.id), back.newerCursor]).toEqual([first.events.map((event) => event.id), null]);
  });

  it("paging keeps the filter", async () => {
    const page = await gammaPage({ actorUserId: null });
    expect(page.events).toEqual([]);
  });
});

describe("event sentences", () => {
  let context: DescribeContext;
  let events: AuditEventRow[];

  beforeAll(async () => {
    events = await alphaEvents();
    const { subjects, members } = await asAlpha(async (tx) => ({
      subjects: await loadAuditSubjects(tx, alpha.id, events),
      members: await listMembers(tx, alpha.id),
    }));
    context = { currency: alpha.currency, ...subjects, memberNames: new Map(members.map((row) => [row.membershipId, row.name])) };
  });

  function described(action: string, weekStart?: string) {
    const event = events.find(
      (row) => row.action === action && row.actorUserId !== null && (!weekStart || JSON.stringify(row.newValue ?? row.oldValue).includes(weekStart)),
    );
    if (!event) throw new Error(`No ${action} event`);
    return describeEvent(event, context);
  }

  it("actual update names KPI, week, values", () => {
    expect(described("actual.update").sentence).toBe(`changed the actual of ${KPI_NAME} for the week of 2027-01-11 from 240 to 250`);
  });

  it("actual create names the value", () => {
    expect(described("actual.create", "2027-01-11").sentence).toBe(`entered 240 as the actual of ${KPI_NAME} for the week of 2027-01-11`);
  });

  it("actual clear names the old value", () => {
    expect(described("actual.clear").sentence).toBe(`cleared the actual of ${KPI_NAME} for the week of 2027-01-18 (it was 100)`);
  });

  it("plan create names the year", () => {
    expect(described("plan.create").sentence).toBe("created the FY2027 plan");
  });

  it("plan update lists the goal change", () => {
    expect(described("plan.update").changes).toContainEqual({ field: "Revenue goal", from: "20,000,000 USD", to: "21,000,000 USD" });
  });

  it("plan update lists a weight change", () => {
    expect(described("plan.update").changes).toContainEqual({ field: "KPI Q1 weight", from: "20 %", to: "25 %" });
  });

  it("plan update omits unchanged fields", () => {
    expect(described("plan.update").changes.map((change) => change.field)).not.toContain("Contracted revenue");
  });

  it("settings update lists the meeting time", () => {
    expect(described("settings.update").changes).toEqual([{ field: "Meeting time", from: "13:00", to: "09:30" }]);
  });

  it("settings sentence names the field", () => {
    expect(described("settings.update").sentence).toBe("changed the settings: meeting time");
  });

  it("deleted KPI is named so", () => {
    const sentence = describeEvent(
      { action: "actual.create", entityType: "kpi", entityId: betaKpiId, oldValue: null, newValue: { weekStart: "2027-01-11", value: "7" } },
      context,
    ).sentence;
    expect(sentence).toBe("entered 7 as the actual of a deleted KPI for the week of 2027-01-11");
  });

  it("unknown action reads generically", () => {
    const description = describeEvent(
      { action: "membership.update", entityType: "membership", entityId: null, oldValue: { role: "contributor" }, newValue: { role: "admin" } },
      context,
    );
    expect(description).toEqual({ sentence: "changed a membership", changes: [{ field: "role", from: "contributor", to: "admin" }] });
  });

  it("role change names both roles", () => {
    const description = describeEvent(
      {
        action: "member.role.change",
        entityType: "membership",
        entityId: null,
        oldValue: { userId: "u", email: "ana@alpha.test", role: "contributor", branch: null },
        newValue: { userId: "u", email: "ana@alpha.test", role: "admin", branch: null },
      },
      context,
    );
    expect(description).toEqual({
      sentence: "changed the role of ana@alpha.test from Contributor to Admin",
      changes: [{ field: "role", from: "contributor", to: "admin" }],
    });
  });

  it("invitation names email and role", () => {
    const description = describeEvent(
      { action: "invitation.create", entityType: "invitation", entityId: null, oldValue: null, newValue: { email: "bo@alpha.test", role: "executive" } },
      context,
    );
    expect(description.sentence).toBe("invited bo@alpha.test as Executive");
  });

  it("assignment names the member", () => {
    const description = describeEvent(
      { action: "assignment.create", entityType: "agency_assignment", entityId: null, oldValue: null, newValue: { membershipId: alphaOwnerMembershipId } },
      context,
    );
    expect(description.sentence).toBe(`assigned ${alphaOwner.name} to a client`);
  });

  it("unknown action uses an before vowels", () => {
    const description = describeEvent({ action: "import.run", entityType: "organization", entityId: null, oldValue: null, newValue: null }, context);
    expect(description.sentence).toBe('recorded "import.run" on an organization');
  });

  it("unknown verb names the action", () => {
    const description = describeEvent({ action: "kpi.reorder", entityType: "kpi", entityId: null, oldValue: null, newValue: null }, context);
    expect(description.sentence).toBe('recorded "kpi.reorder" on a kpi');
  });
});

describe("display helpers", () => {
  it.each([
    [null, null, "deleted user"],
    ["5b1c1f2e-0000-4000-8000-000000000000", null, "someone outside this organization"],
    ["5b1c1f2e-0000-4000-8000-000000000000", "Ana", "Ana"],
  ])("actor %s / %s", (userId, name, expected) => {
    expect(actorLabel(userId, name)).toBe(expected);
  });

  it.each([
    ["1234567", "1,234,567"],
    ["1234567.125", "1,234,567.125"],
    ["-1000", "-1,000"],
    ["999", "999"],
    ["abc", "abc"],
  ])("groupDigits %s", (input, expected) => {
    expect(groupDigits(input)).toBe(expected);
  });
});

describe("URL filters", () => {
  const ID = "5b1c1f2e-0000-4000-8000-000000000000";

  it("accepts every valid filter", () => {
    expect(parseAuditSearch({ person: ID, type: "kpi", entity: ID, before: ID })).toEqual({
      ok: true,
      search: { person: ID, type: "kpi", entity: ID, before: ID },
    });
  });

  it("empty values mean no filter", () => {
    expect(parseAuditSearch({ person: "", type: "" })).toEqual({ ok: true, search: {} });
  });

  it.each([
    [{ person: "bob" }, 'person="bob"'],
    [{ type: "KPI;drop" }, 'type="KPI;drop"'],
    [{ entity: "42" }, 'entity="42"'],
    [{ before: "x" }, 'before="x"'],
    [{ after: "x" }, 'after="x"'],
    [{ person: [ID, ID] }, "person is given 2 times"],
    [{ before: ID, after: ID }, "before and after cannot be used together"],
  ])("rejects %j", (raw, named) => {
    const result = parseAuditSearch(raw);
    expect(result.ok ? "" : result.message).toContain(named);
  });

  it("deleted person maps to null", () => {
    const result = parseAuditSearch({ person: "deleted" });
    if (!result.ok) throw new Error(result.message);
    expect(auditFilterOf(result.search).actorUserId).toBeNull();
  });
});

describe("history permission", () => {
  it.each([
    ["admin", true],
    ["agency_admin", true],
    ["branch_owner", false],
    ["contributor", false],
    ["executive", false],
    ["agency_member", false],
  ] as const)("%s may read: %s", (role, expected) => {
    expect(can({ membershipId: null, role, branch: role === "branch_owner" ? "marketing" : null }, "audit:read")).toBe(expected);
  });
});
