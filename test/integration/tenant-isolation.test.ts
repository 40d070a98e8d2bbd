import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { savePlanAction } from "@/app/o/[orgSlug]/plan/[year]/save-plan";
import { enterActualAction } from "@/app/o/[orgSlug]/scorecard/enter-actual";
import { updateSettingsAction } from "@/app/o/[orgSlug]/settings/update-settings";
import type { Database, DatabaseHandle } from "@/db/connect";
import { deleteActual, findActual, listActuals, upsertActual } from "@/db/queries/actuals";
import { listAuditEvents, recordAudit } from "@/db/queries/audit";
import {
  findMemberBySlug,
  listMembers,
  listOrganizationsOfUser,
  updateOrganizationSettings,
  type Organization,
  type OrganizationSettings,
} from "@/db/queries/organizations";
import {
  deleteStagesExcept,
  findKpi,
  findPlan,
  listPlanYears,
  loadPlanAggregate,
  upsertFunnel,
  upsertKpi,
  upsertPlan,
  upsertStages,
  type KpiRow,
  type KpiValues,
  type PlanAggregate,
} from "@/db/queries/plans";
import { auditEvents, funnelStages, funnels, kpis, memberships, organizations, plans, weeklyActuals } from "@/db/schema";
import { executeAction, type ActionDefinition, type ActionResult } from "@/lib/auth/action";
import type { SessionUser } from "@/lib/auth/session-user";
import { openTestDatabase } from "@/test/database";
import { seedOrganization, type SeededMember } from "@/test/seed-tenants";
import { smallPlanForm } from "@/test/plan-form";

const WEEK = "2027-01-04";
const UNKNOWN_SLUG = "no-such-organization";

interface Tenant {
  organization: Organization;
  admin: SessionUser;
  members: SeededMember[];
  aggregate: PlanAggregate;
  kpi: KpiRow;
}

let handle: DatabaseHandle;
let db: Database;
let alpha: Tenant;
let beta: Tenant;
let betaBefore: Awaited<ReturnType<typeof rowsOf>>;

function planForm(ownerMembershipId: string) {
  return smallPlanForm(ownerMembershipId);
}

function settingsOf(organization: Organization): OrganizationSettings {
  return {
    name: organization.name,
    fiscalYearStartMonth: organization.fiscalYearStartMonth,
    weekStartsOn: organization.weekStartsOn,
    fiscalYearNaming: organization.fiscalYearNaming,
    monthPattern: organization.monthPattern,
    currency: organization.currency,
    timeZone: organization.timeZone,
    meetingWeekday: organization.meetingWeekday,
    meetingTime: organization.meetingTime,
  };
}

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

async function createTenant(slug: string): Promise<Tenant> {
  const seeded = await seedOrganization(db, slug, [{ role: "admin" }, { role: "contributor" }]);
  const admin = seeded.members[0]!.user;
  const owner = seeded.members[1]!.membershipId;
  mustSucceed(await run(savePlanAction, admin, slug, { fiscalYear: "2027", values: planForm(owner) }));
  const aggregate = await loadPlanAggregate(db, seeded.organization.id, 2027);
  const kpi = aggregate?.kpis[0];
  if (!aggregate || !kpi) throw new Error(`The plan of ${slug} was not saved`);
  mustSucceed(await run(enterActualAction, admin, slug, { kpiId: kpi.id, weekStart: WEEK, value: "260" }));
  return { organization: seeded.organization, admin, members: seeded.members, aggregate, kpi };
}

/** Reads every row that belongs to one organization, in a stable order. */
async function rowsOf(organizationId: string) {
  return {
    organization: await db.select().from(organizations).where(eq(organizations.id, organizationId)),
    memberships: await db.select().from(memberships).where(eq(memberships.organizationId, organizationId)).orderBy(asc(memberships.id)),
    plans: await db.select().from(plans).where(eq(plans.organizationId, organizationId)).orderBy(asc(plans.id)),
    funnels: await db.select().from(funnels).where(eq(funnels.organizationId, organizationId)).orderBy(asc(funnels.id)),
    stages: await db.select().from(funnelStages).where(eq(funnelStages.organizationId, organizationId)).orderBy(asc(funnelStages.id)),
    kpis: await db.select().from(kpis).where(eq(kpis.organizationId, organizationId)).orderBy(asc(kpis.id)),
    actuals: await db.select().from(weeklyActuals).where(eq(weeklyActuals.organizationId, organizationId)).orderBy(asc(weeklyActuals.id)),
    auditEvents: await db.select().from(auditEvents).where(eq(auditEvents.organizationId, organizationId)).orderBy(asc(auditEvents.id)),
  };
}

/** Returns the SQLSTATE of a failed query, or null when it succeeds. Drizzle wraps the driver's error, which carries the code, in `cause`. */
async function sqlStateOf(query: PromiseLike<unknown>): Promise<string | null> {
  try {
    await query;
  } catch (error) {
    for (let current: unknown = error; current instanceof Object; current = (current as { cause?: unknown }).cause) {
      if ("code" in current && typeof current.code === "string") return current.code;
    }
    throw error;
  }
  return null;
}

const FOREIGN_KEY_VIOLATION = "23503";

function kpiValues(kpi: KpiRow, changes: Partial<KpiValues>): KpiValues {
  const { organizationId: _organizationId, id: _id, planId: _planId, createdAt: _createdAt, updatedAt: _updatedAt, ...values } = kpi;
  return { ...values, key: "foreign", ...changes };
}

function betaStage() {
  const stage = beta.aggregate.funnels[0]?.stages[0];
  if (!stage) throw new Error("Beta's plan has no stage");
  return stage;
}

function betaFunnel() {
  const funnel = beta.aggregate.funnels[0];
  if (!funnel) throw new Error("Beta's plan has no funnel");
  return funnel;
}

beforeAll(async () => {
  vi.stubEnv("BACKSOLVE_TEST_NOW", "2027-02-15T18:00:00Z");
  handle = await openTestDatabase();
  db = handle.db;
  alpha = await createTenant("alpha");
  beta = await createTenant("beta");
  mustSucceed(await run(savePlanAction, beta.admin, "beta", { fiscalYear: "2028", values: planForm("") }));
  betaBefore = await rowsOf(beta.organization.id);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await handle?.close();
});

describe("reads with another organization's ids", () => {
  it("findPlan misses beta's year", async () => {
    expect(await findPlan(db, alpha.organization.id, 2028)).toBeNull();
  });

  it("listPlanYears lists alpha's only", async () => {
    expect(await listPlanYears(db, alpha.organization.id)).toEqual([2027]);
  });

  it("loadPlanAggregate misses beta's year", async () => {
    expect(await loadPlanAggregate(db, alpha.organization.id, 2028)).toBeNull();
  });

  it("loadPlanAggregate returns alpha's rows", async () => {
    const aggregate = await loadPlanAggregate(db, alpha.organization.id, 2027);
    const rows = [aggregate?.plan, ...(aggregate?.funnels ?? []), ...(aggregate?.funnels.flatMap((funnel) => funnel.stages) ?? []), ...(aggregate?.kpis ?? [])];
    expect(new Set(rows.map((row) => row?.organizationId))).toEqual(new Set([alpha.organization.id]));
  });

  it("findKpi misses beta's KPI", async () => {
    expect(await findKpi(db, alpha.organization.id, beta.kpi.id)).toBeNull();
  });

  it("listActuals misses beta's KPI", async () => {
    expect(await listActuals(db, alpha.organization.id, [beta.kpi.id])).toEqual([]);
  });

  it("findActual misses beta's KPI", async () => {
    expect(await findActual(db, alpha.organization.id, beta.kpi.id, WEEK)).toBeNull();
  });

  it("listAuditEvents returns alpha's only", async () => {
    const events = await listAuditEvents(db, alpha.organization.id);
    expect(new Set(events.map((event) => event.organizationId))).toEqual(new Set([alpha.organization.id]));
  });

  it("listAuditEvents misses beta's KPI", async () => {
    expect(await listAuditEvents(db, alpha.organization.id, { entityId: beta.kpi.id })).toEqual([]);
  });

  it("findMemberBySlug misses beta", async () => {
    expect(await findMemberBySlug(db, alpha.admin.id, "beta")).toBeNull();
  });

  it("listOrganizationsOfUser lists alpha only", async () => {
    const rows = await listOrganizationsOfUser(db, alpha.admin.id);
    expect(rows.map((row) => row.slug)).toEqual(["alpha"]);
  });

  it("listMembers lists alpha's only", async () => {
    const rows = await listMembers(db, alpha.organization.id);
    expect(new Set(rows.map((row) => row.userId))).toEqual(new Set(alpha.members.map((member) => member.user.id)));
  });
});

describe("writes with another organization's ids", () => {
  it("upsertActual rejects beta's KPI", async () => {
    const query = upsertActual(db, alpha.organization.id, { kpiId: beta.kpi.id, weekStart: WEEK, value: "1", note: null, enteredBy: alpha.admin.id });
    expect(await sqlStateOf(query)).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("deleteActual misses beta's KPI", async () => {
    expect(await deleteActual(db, alpha.organization.id, beta.kpi.id, WEEK)).toBeNull();
  });

  it("upsertFunnel rejects beta's plan", async () => {
    const query = upsertFunnel(db, alpha.organization.id, beta.aggregate.plan.id, {
      key: "foreign",
      branch: "sales",
      name: "Foreign funnel",
      customerShare: "1",
      position: 1,
    });
    expect(await sqlStateOf(query)).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("upsertStages rejects beta's funnel", async () => {
    const query = upsertStages(db, alpha.organization.id, betaFunnel().id, [
      { key: "leads", name: "Leads", position: 0, lastYear: 1, plannedRate: null, historicalGrowth: null },
    ]);
    expect(await sqlStateOf(query)).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("deleteStagesExcept spares beta's funnel", async () => {
    await deleteStagesExcept(db, alpha.organization.id, betaFunnel().id, []);
    expect((await rowsOf(beta.organization.id)).stages).toEqual(betaBefore.stages);
  });

  it("upsertKpi rejects beta's plan", async () => {
    const query = upsertKpi(db, alpha.organization.id, beta.aggregate.plan.id, kpiValues(alpha.kpi, {}));
    expect(await sqlStateOf(query)).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("upsertKpi rejects beta's member", async () => {
    const values = kpiValues(alpha.kpi, { ownerMembershipId: beta.members[1]!.membershipId });
    expect(await sqlStateOf(upsertKpi(db, alpha.organization.id, alpha.aggregate.plan.id, values))).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("upsertKpi rejects beta's stage", async () => {
    const values = kpiValues(alpha.kpi, { funnelStageId: betaStage().id });
    expect(await sqlStateOf(upsertKpi(db, alpha.organization.id, alpha.aggregate.plan.id, values))).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("upsertPlan writes alpha's own plan", async () => {
    // Beta already has FY2028, so the upsert must insert a row for alpha instead of updating beta's.
    const { organizationId: _organizationId, id: _id, fiscalYear: _fiscalYear, createdAt: _createdAt, updatedAt: _updatedAt, ...values } =
      beta.aggregate.plan;
    const row = await upsertPlan(db, alpha.organization.id, 2028, { ...values, revenueGoal: "30000000", contractedRevenue: "26000000" });
    expect(row.organizationId).toBe(alpha.organization.id);
  });

  it("updateOrganizationSettings changes alpha only", async () => {
    const row = await updateOrganizationSettings(db, alpha.organization.id, { ...settingsOf(alpha.organization), name: "Alpha renamed" });
    expect(row?.id).toBe(alpha.organization.id);
  });

  it("recordAudit writes to alpha only", async () => {
    await recordAudit(db, {
      organizationId: alpha.organization.id,
      actorUserId: alpha.admin.id,
      action: "test.write",
      entityType: "kpi",
      entityId: alpha.kpi.id,
      oldValue: null,
      newValue: null,
    });
    const events = await listAuditEvents(db, alpha.organization.id, { entityType: "kpi", entityId: alpha.kpi.id });
    expect(events.map((event) => event.action)).toContain("test.write");
  });

  it("beta's rows are unchanged", async () => {
    expect(await rowsOf(beta.organization.id)).toEqual(betaBefore);
  });
});

describe("actions with another organization's slug", () => {
  // Each case runs one action definition as alpha's admin on the given slug.
  const cases: { name: string; call: (slug: string, input: unknown) => Promise<ActionResult<unknown>>; input: () => unknown }[] = [
    {
      name: "plan.save",
      call: (slug, input) => run(savePlanAction, alpha.admin, slug, input),
      input: () => ({ fiscalYear: "2027", values: planForm("") }),
    },
    {
      name: "actual.enter",
      call: (slug, input) => run(enterActualAction, alpha.admin, slug, input),
      input: () => ({ kpiId: beta.kpi.id, weekStart: WEEK, value: "1" }),
    },
    {
      name: "settings.update",
      call: (slug, input) => run(updateSettingsAction, alpha.admin, slug, input),
      input: () => ({ ...settingsOf(beta.organization), name: "Taken over" }),
    },
  ];

  describe.each(cases)("$name", ({ call, input }) => {
    it("foreign slug is not_found", async () => {
      const result = await call("beta", input());
      expect(failure(result).code).toBe("not_found");
    });

    it("foreign slug matches unknown slug", async () => {
      const foreign = await call("beta", input());
      const unknown = await call(UNKNOWN_SLUG, input());
      expect(foreign).toEqual(unknown);
    });

    it("invalid input matches unknown slug", async () => {
      // Membership is checked before validation, so field errors cannot reveal the organization.
      const foreign = await call("beta", { bogus: true });
      const unknown = await call(UNKNOWN_SLUG, { bogus: true });
      expect(foreign).toEqual(unknown);
    });
  });

  it("beta's rows are unchanged", async () => {
    expect(await rowsOf(beta.organization.id)).toEqual(betaBefore);
  });
});

describe("actions with another organization's ids", () => {
  it("actual for beta's KPI is not_found", async () => {
    const result = await run(enterActualAction, alpha.admin, "alpha", { kpiId: beta.kpi.id, weekStart: WEEK, value: "1" });
    expect(failure(result).code).toBe("not_found");
  });

  it("clearing beta's actual is not_found", async () => {
    const result = await run(enterActualAction, alpha.admin, "alpha", { kpiId: beta.kpi.id, weekStart: WEEK, value: "" });
    expect(failure(result).code).toBe("not_found");
  });

  it("plan owned by beta's member is invalid", async () => {
    const values = planForm(beta.members[1]!.membershipId);
    const result = await run(savePlanAction, alpha.admin, "alpha", { fiscalYear: "2027", values });
    expect(Object.keys(failure(result).fieldErrors)).toContain("values.kpi.ownerMembershipId");
  });

  it("alpha's settings save", async () => {
    const result = await run(updateSettingsAction, alpha.admin, "alpha", { ...settingsOf(alpha.organization), name: "Alpha again" });
    expect(result.ok).toBe(true);
  });

  it("alpha's plan save", async () => {
    const result = await run(savePlanAction, alpha.admin, "alpha", { fiscalYear: "2027", values: planForm("") });
    expect(result.ok).toBe(true);
  });

  it("beta's rows are unchanged", async () => {
    expect(await rowsOf(beta.organization.id)).toEqual(betaBefore);
  });
});

describe("database rejects cross-organization rows", () => {
  it("funnel on beta's plan", async () => {
    const query = db.insert(funnels).values({
      organizationId: alpha.organization.id,
      planId: beta.aggregate.plan.id,
      key: "foreign",
      branch: "sales",
      name: "Foreign funnel",
    });
    expect(await sqlStateOf(query)).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("stage in beta's funnel", async () => {
    const query = db.insert(funnelStages).values({
      organizationId: alpha.organization.id,
      funnelId: betaFunnel().id,
      position: 9,
      key: "foreign",
      name: "Foreign stage",
      lastYear: 1,
    });
    expect(await sqlStateOf(query)).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("KPI on beta's plan", async () => {
    const query = db.insert(kpis).values({ organizationId: alpha.organization.id, planId: beta.aggregate.plan.id, ...kpiValues(alpha.kpi, {}) });
    expect(await sqlStateOf(query)).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("KPI owned by beta's member", async () => {
    const values = kpiValues(alpha.kpi, { ownerMembershipId: beta.members[0]!.membershipId });
    const query = db.insert(kpis).values({ organizationId: alpha.organization.id, planId: alpha.aggregate.plan.id, ...values });
    expect(await sqlStateOf(query)).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("KPI on beta's stage", async () => {
    const values = kpiValues(alpha.kpi, { funnelStageId: betaStage().id });
    const query = db.insert(kpis).values({ organizationId: alpha.organization.id, planId: alpha.aggregate.plan.id, ...values });
    expect(await sqlStateOf(query)).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("actual for beta's KPI", async () => {
    const query = db.insert(weeklyActuals).values({ organizationId: alpha.organization.id, kpiId: beta.kpi.id, weekStart: "2027-01-11", value: "1" });
    expect(await sqlStateOf(query)).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("actual for alpha's own KPI inserts", async () => {
    // The same row inside one organization is accepted, so the rejections above come from the organization.
    const query = db.insert(weeklyActuals).values({ organizationId: alpha.organization.id, kpiId: alpha.kpi.id, weekStart: "2027-01-11", value: "1" });
    expect(await sqlStateOf(query)).toBeNull();
  });

  it("beta's rows are unchanged", async () => {
    expect(await rowsOf(beta.organization.id)).toEqual(betaBefore);
  });
});
