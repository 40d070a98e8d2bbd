import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { savePlanAction } from "@/app/o/[orgSlug]/plan/[year]/save-plan";
import type { PlanFormInput } from "@/app/o/[orgSlug]/plan/[year]/plan-schema";
import type { Database, DatabaseHandle } from "@/db/connect";
import { loadPlanAggregate } from "@/db/queries/plans";
import { executeAction } from "@/lib/auth/action";
import type { SessionUser } from "@/lib/auth/session-user";
import { openTestDatabase } from "@/test/database";
import { seedOrganization } from "@/test/seed-tenants";

const SLUG = "branch-co";

function form(overrides: Partial<PlanFormInput> = {}): PlanFormInput {
  return {
    revenueGoal: "20000000",
    contractedRevenue: "16000000",
    expansionRevenue: "2000000",
    newRevenueSales: "1000000",
    newRevenueMarketing: "1000000",
    averageCustomerValue: "500000",
    lastYearCustomersSales: "1",
    lastYearCustomersMarketing: "1",
    historicalGrowthPercent: "25",
    stages: [
      { key: "traffic", name: "Traffic", lastYear: "125000", plannedRatePercent: "" },
      { key: "leads", name: "Leads", lastYear: "8000", plannedRatePercent: "" },
      { key: "customers", name: "Customers", lastYear: "1", plannedRatePercent: "" },
    ],
    kpi: { name: "Downloads", stageKey: "leads", weightsPercent: ["20", "23", "27", "30"], ownerMembershipId: "" },
    ...overrides,
  };
}

let handle: DatabaseHandle;
let db: Database;
let organizationId: string;
let admin: SessionUser;
let marketingOwner: SessionUser;
let salesOwner: SessionUser;
let salesOwnerMembershipId: string;
let marketingOwnerMembershipId: string;

const save = (user: SessionUser, values: PlanFormInput, fiscalYear = 2027) =>
  executeAction(savePlanAction, { db, user }, SLUG, { fiscalYear: String(fiscalYear), values });

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  const seeded = await seedOrganization(db, SLUG, [
    { role: "admin" },
    { role: "branch_owner", branch: "marketing" },
    { role: "branch_owner", branch: "sales" },
  ]);
  organizationId = seeded.organization.id;
  [admin, marketingOwner, salesOwner] = seeded.members.map((member) => member.user) as [SessionUser, SessionUser, SessionUser];
  marketingOwnerMembershipId = seeded.members[1]!.membershipId;
  salesOwnerMembershipId = seeded.members[2]!.membershipId;
});

afterAll(async () => {
  await handle?.close();
});

describe("plan edits by branch owners", () => {
  it("marketing owner cannot create the year's plan", async () => {
    const result = await save(marketingOwner, form());
    expect(result.ok ? "ok" : result.code).toBe("forbidden");
    expect(await loadPlanAggregate(db, organizationId, 2027)).toBeNull();
  });

  it("admin creates the plan", async () => {
    expect((await save(admin, form())).ok).toBe(true);
  });

  it("marketing owner changes the funnel and KPI", async () => {
    const stages = form().stages.map((stage) => (stage.key === "traffic" ? { ...stage, lastYear: "130000" } : stage));
    const result = await save(marketingOwner, form({ stages, kpi: { ...form().kpi, weightsPercent: ["25", "25", "25", "25"] } }));
    expect(result.ok).toBe(true);
    const aggregate = await loadPlanAggregate(db, organizationId, 2027);
    expect(aggregate?.funnels[0]?.stages[0]?.lastYear).toBe(130000);
    expect(aggregate?.kpis[0]?.q1Weight).toBe("0.25");
  });

  it("marketing owner cannot change the goal", async () => {
    const result = await save(marketingOwner, form({ revenueGoal: "30000000", contractedRevenue: "26000000" }));
    expect(result.ok ? "ok" : result.code).toBe("forbidden");
    expect((await loadPlanAggregate(db, organizationId, 2027))?.plan.revenueGoal).toBe("20000000");
  });

  it("a goal typed differently but equal is no change", async () => {
    const result = await save(marketingOwner, form({ revenueGoal: "20,000,000", historicalGrowthPercent: "25.0" }));
    expect(result.ok).toBe(true);
  });

  it("sales owner cannot edit the marketing funnel", async () => {
    const before = (await loadPlanAggregate(db, organizationId, 2027))?.funnels[0]?.stages[0]?.lastYear;
    const stages = form().stages.map((stage) => (stage.key === "traffic" ? { ...stage, lastYear: "1" } : stage));
    const result = await save(salesOwner, form({ stages }));
    expect(result.ok ? "ok" : result.code).toBe("forbidden");
    expect((await loadPlanAggregate(db, organizationId, 2027))?.funnels[0]?.stages[0]?.lastYear).toBe(before);
    expect(before).not.toBe(1);
  });

  it("KPI owner must be able to enter its actuals", async () => {
    const result = await save(admin, form({ kpi: { ...form().kpi, ownerMembershipId: salesOwnerMembershipId } }));
    expect(result.ok ? "ok" : result.code).toBe("invalid");
    if (result.ok) return;
    expect(result.fieldErrors["values.kpi.ownerMembershipId"]).toContain("cannot enter a marketing KPI's actuals");
  });

  it("marketing owner may own the KPI", async () => {
    const result = await save(admin, form({ kpi: { ...form().kpi, ownerMembershipId: marketingOwnerMembershipId } }));
    expect(result.ok).toBe(true);
    expect((await loadPlanAggregate(db, organizationId, 2027))?.kpis[0]?.ownerMembershipId).toBe(marketingOwnerMembershipId);
  });
});
