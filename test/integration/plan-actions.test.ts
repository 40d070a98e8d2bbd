import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { savePlanAction } from "@/app/o/[orgSlug]/plan/[year]/save-plan";
import { fractionToPercentText, type PlanFormInput } from "@/app/o/[orgSlug]/plan/[year]/plan-schema";
import type { Database, DatabaseHandle } from "@/db/connect";
import { listAuditEvents } from "@/db/queries/audit";
import type { Organization } from "@/db/queries/organizations";
import { findPlan, loadPlanAggregate } from "@/db/queries/plans";
import { executeAction, type ActionResult } from "@/lib/auth/action";
import type { SessionUser } from "@/lib/auth/session-user";
import { buildPlanInput } from "@/lib/planning/engine-input";
import { evaluatePlan } from "@/lib/planning/evaluate";
import { openTestDatabase } from "@/test/database";
import wehenger from "@/test/fixtures/wehenger.json";
import { seedOrganization } from "@/test/seed-tenants";

const SLUG = "wehenger";
const FUNNEL_KEY = "marketing-master";

/** Builds the fixture's plan as the planning form submits it: numbers as text, rates and weights in percent. */
function wehengerForm(): PlanFormInput {
  const { plan } = wehenger;
  const funnel = wehenger.funnels[0]!;
  const kpi = wehenger.kpis[0]!;
  const [q1, q2, q3, q4] = kpi.quarterWeights.map((weight) => fractionToPercentText(weight));
  return {
    revenueGoal: plan.revenueGoal,
    contractedRevenue: plan.contractedRevenue,
    expansionRevenue: plan.expansionRevenue,
    newRevenueSales: plan.newRevenueBySource.sales,
    newRevenueMarketing: plan.newRevenueBySource.marketing,
    averageCustomerValue: plan.averageCustomerValue,
    lastYearCustomersSales: String(plan.lastYearNewCustomers.sales),
    lastYearCustomersMarketing: String(plan.lastYearNewCustomers.marketing),
    historicalGrowthPercent: fractionToPercentText(plan.historicalYearOverYearGrowth),
    stages: funnel.stages.map((stage) => ({
      key: stage.key,
      name: stage.name,
      lastYear: String(stage.lastYear),
      plannedRatePercent: "",
    })),
    kpi: {
      name: kpi.name,
      stageKey: kpi.targetFromStage,
      weightsPercent: [q1 ?? "", q2 ?? "", q3 ?? "", q4 ?? ""],
      ownerMembershipId: "",
    },
  };
}

function failure<T>(result: ActionResult<T>) {
  if (result.ok) throw new Error(`Expected the action to fail, but it returned ${JSON.stringify(result.data)}`);
  return result;
}

let handle: DatabaseHandle;
let db: Database;
let organization: Organization;
let admin: SessionUser;
let adminMembershipId: string;
let executive: SessionUser;

function savePlan(user: SessionUser | null, fiscalYear: number, values: unknown) {
  return executeAction(savePlanAction, { db, user }, SLUG, { fiscalYear: String(fiscalYear), values });
}

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  const seeded = await seedOrganization(db, SLUG, [{ role: "admin" }, { role: "executive" }]);
  organization = seeded.organization;
  admin = seeded.members[0]!.user;
  adminMembershipId = seeded.members[0]!.membershipId;
  executive = seeded.members[1]!.user;
});

afterAll(async () => {
  await handle?.close();
});

describe("saving the Wehenger plan", () => {
  let result: ActionResult<{ fiscalYear: number }>;

  beforeAll(async () => {
    result = await savePlan(admin, 2027, wehengerForm());
  });

  it("save succeeds", () => {
    expect(result).toMatchObject({ ok: true, data: { fiscalYear: 2027 } });
  });

  it("save revalidates the plan page", () => {
    const paths = result.ok ? result.revalidate : [];
    expect(paths).toContain(`/o/${SLUG}/plan/2027`);
  });

  it.each([
    ["revenueGoal", "20000000"],
    ["contractedRevenue", "16000000"],
    ["expansionRevenue", "2000000"],
    ["newRevenueSales", "1000000"],
    ["newRevenueMarketing", "1000000"],
    ["averageCustomerValue", "500000"],
    ["historicalGrowth", "0.25"],
  ] as const)("stores %s as %s", async (column, stored) => {
    const plan = await findPlan(db, organization.id, 2027);
    expect(plan?.[column]).toBe(stored);
  });

  it("stores six stages in order", async () => {
    const aggregate = await loadPlanAggregate(db, organization.id, 2027);
    const keys = aggregate?.funnels[0]?.stages.map((stage) => stage.key);
    expect(keys).toEqual(["traffic", "leads", "mql", "sql", "sal", "customers"]);
  });

  it("stores weights as fractions", async () => {
    const kpi = (await loadPlanAggregate(db, organization.id, 2027))?.kpis[0];
    expect([kpi?.q1Weight, kpi?.q2Weight, kpi?.q3Weight, kpi?.q4Weight]).toEqual(["0.2", "0.23", "0.27", "0.3"]);
  });

  it("KPI owner defaults to saver", async () => {
    const kpi = (await loadPlanAggregate(db, organization.id, 2027))?.kpis[0];
    expect(kpi?.ownerMembershipId).toBe(adminMembershipId);
  });

  it("KPI targets the leads stage", async () => {
    const aggregate = await loadPlanAggregate(db, organization.id, 2027);
    const stage = aggregate?.funnels[0]?.stages.find((row) => row.id === aggregate.kpis[0]?.funnelStageId);
    expect(stage?.key).toBe("leads");
  });

  it("create writes a plan.create event", async () => {
    const events = await listAuditEvents(db, organization.id, { entityType: "plan" });
    expect(events.map((event) => event.action)).toEqual(["plan.create"]);
  });
});

describe("evaluating the saved plan", () => {
  async function evaluateSaved() {
    const aggregate = await loadPlanAggregate(db, organization.id, 2027);
    if (!aggregate) throw new Error("The FY2027 plan was not saved");
    const evaluation = evaluatePlan(buildPlanInput(organization, aggregate, [], "2027-02-15"));
    return { evaluation, kpiKey: aggregate.kpis[0]?.key ?? "" };
  }

  it("plan has no issues", async () => {
    const { evaluation } = await evaluateSaved();
    expect(evaluation.issues).toEqual([]);
  });

  it("fiscal year starts 2027-01-04", async () => {
    const { evaluation } = await evaluateSaved();
    expect(evaluation.year.start).toBe("2027-01-04");
  });

  it("needs 250,000 traffic", async () => {
    const { evaluation } = await evaluateSaved();
    expect(evaluation.result?.funnels[FUNNEL_KEY]?.neededVolumes.traffic).toBe(250000);
  });

  it("needs 16,000 leads", async () => {
    const { evaluation } = await evaluateSaved();
    expect(evaluation.result?.funnels[FUNNEL_KEY]?.neededVolumes.leads).toBe(16000);
  });

  it.each([
    [1, "247"],
    [2, "284"],
    [3, "333"],
    [4, "370"],
  ])("Q%i weekly target is %s", async (quarter, weeklyTarget) => {
    const { evaluation, kpiKey } = await evaluateSaved();
    const quarterResult = evaluation.result?.kpis[kpiKey]?.quarters.find((row) => row.quarter === quarter);
    expect(quarterResult?.weeklyTarget).toBe(weeklyTarget);
  });
});

describe("invalid plan input", () => {
  // FY2030 has no plan, so any stored row would come from the rejected save.
  const YEAR = 2030;

  function withValues(change: (form: PlanFormInput) => void): PlanFormInput {
    const form = wehengerForm();
    change(form);
    return form;
  }

  const cases: { name: string; form: PlanFormInput; field: string; message: string }[] = [
    {
      name: "weights adding to 99 %",
      form: withValues((form) => {
        form.kpi.weightsPercent = ["20", "23", "27", "29"];
      }),
      field: "values.kpi.weightsPercent",
      message: "99",
    },
    {
      name: "contracted and expansion above goal",
      form: withValues((form) => {
        form.expansionRevenue = "4000001";
      }),
      field: "values.expansionRevenue",
      message: "20000001",
    },
    {
      name: "zero volume without planned rate",
      form: withValues((form) => {
        form.stages[2]!.lastYear = "0";
      }),
      field: "values.stages.2.plannedRatePercent",
      message: "Marketing qualified leads",
    },
    {
      name: "abc as the revenue goal",
      form: withValues((form) => {
        form.revenueGoal = "abc";
      }),
      field: "values.revenueGoal",
      message: '"abc"',
    },
    {
      name: "abc as a planned rate",
      form: withValues((form) => {
        form.stages[0]!.plannedRatePercent = "abc";
      }),
      field: "values.stages.0.plannedRatePercent",
      message: '"abc"',
    },
    {
      name: "planned rate above 100 %",
      form: withValues((form) => {
        form.stages[0]!.plannedRatePercent = "100.5";
      }),
      field: "values.stages.0.plannedRatePercent",
      message: "at most 100",
    },
    {
      name: "negative contracted revenue",
      form: withValues((form) => {
        form.contractedRevenue = "-1";
      }),
      field: "values.contractedRevenue",
      message: "negative",
    },
    {
      name: "abc as a stage volume",
      form: withValues((form) => {
        form.stages[1]!.lastYear = "abc";
      }),
      field: "values.stages.1.lastYear",
      message: "whole number",
    },
  ];

  describe.each(cases)("$name", ({ form, field, message }) => {
    let result: ActionResult<{ fiscalYear: number }>;

    beforeAll(async () => {
      result = await savePlan(admin, YEAR, form);
    });

    it("is rejected as invalid", () => {
      expect(failure(result).code).toBe("invalid");
    });

    it("names the field", () => {
      expect(Object.keys(failure(result).fieldErrors)).toContain(field);
    });

    it("explains the value", () => {
      expect(failure(result).fieldErrors[field]).toContain(message);
    });

    it("saves no plan", async () => {
      expect(await findPlan(db, organization.id, YEAR)).toBeNull();
    });
  });

  it("valid form is accepted", async () => {
    // The unchanged form saves, so each case above fails only for its one change.
    const result = await savePlan(admin, 2031, wehengerForm());
    expect(result.ok).toBe(true);
  });
});

describe("plan the engine rejects", () => {
  // Customers at 0 last year give a sal → customers rate of 0, which the form
  // accepts and the engine rejects inside the save transaction.
  let result: ActionResult<{ fiscalYear: number }>;
  let before: Awaited<ReturnType<typeof loadPlanAggregate>>;

  beforeAll(async () => {
    before = await loadPlanAggregate(db, organization.id, 2027);
    const form = wehengerForm();
    form.stages[5]!.lastYear = "0";
    form.revenueGoal = "21000000";
    form.newRevenueMarketing = "2000000";
    result = await savePlan(admin, 2027, form);
  });

  it("is rejected as invalid", () => {
    expect(failure(result).code).toBe("invalid");
  });

  it("names the rate field", () => {
    expect(Object.keys(failure(result).fieldErrors)).toContain("values.stages.4.plannedRatePercent");
  });

  it("rolls the plan back", async () => {
    const after = await loadPlanAggregate(db, organization.id, 2027);
    expect(after).toEqual(before);
  });

  it("writes no audit event", async () => {
    const events = await listAuditEvents(db, organization.id, { entityType: "plan", entityId: before?.plan.id });
    expect(events.map((event) => event.action)).toEqual(["plan.create"]);
  });
});

describe("plan access", () => {
  const YEAR = 2032;

  it("executive is forbidden", async () => {
    const result = await savePlan(executive, YEAR, wehengerForm());
    expect(failure(result).code).toBe("forbidden");
  });

  it("signed-out call is unauthenticated", async () => {
    const result = await savePlan(null, YEAR, wehengerForm());
    expect(failure(result).code).toBe("unauthenticated");
  });

  it("rejected calls save nothing", async () => {
    expect(await findPlan(db, organization.id, YEAR)).toBeNull();
  });
});

describe("plan update audit", () => {
  const YEAR = 2029;
  let events: Awaited<ReturnType<typeof listAuditEvents>>;

  beforeAll(async () => {
    await savePlan(admin, YEAR, wehengerForm());
    const changed = wehengerForm();
    changed.kpi.weightsPercent = ["25", "25", "25", "25"];
    changed.newRevenueSales = "500000";
    changed.newRevenueMarketing = "1500000";
    const update = await savePlan(admin, YEAR, changed);
    if (!update.ok) throw new Error(`The update failed: ${update.message} ${JSON.stringify(update.fieldErrors)}`);
    const plan = await findPlan(db, organization.id, YEAR);
    events = await listAuditEvents(db, organization.id, { entityType: "plan", entityId: plan?.id });
  });

  function eventOf(action: string) {
    const event = events.find((row) => row.action === action);
    if (!event) throw new Error(`No ${action} event among ${events.map((row) => row.action).join(", ")}`);
    return event;
  }

  it("writes create then update", () => {
    expect(events.map((event) => event.action).sort()).toEqual(["plan.create", "plan.update"]);
  });

  it("names the acting user", () => {
    expect(eventOf("plan.update").actorUserId).toBe(admin.id);
  });

  it("old value has old weights", () => {
    expect(eventOf("plan.update").oldValue).toMatchObject({ kpi: { weights: ["0.2", "0.23", "0.27", "0.3"] } });
  });

  it("new value has new weights", () => {
    expect(eventOf("plan.update").newValue).toMatchObject({ kpi: { weights: ["0.25", "0.25", "0.25", "0.25"] } });
  });

  it("old value has old marketing share", () => {
    expect(eventOf("plan.update").oldValue).toMatchObject({ newRevenueMarketing: "1000000" });
  });

  it("new value has new marketing share", () => {
    expect(eventOf("plan.update").newValue).toMatchObject({ newRevenueMarketing: "1500000" });
  });

  it("create names the KPI owner", () => {
    expect(eventOf("plan.create").newValue).toMatchObject({ kpi: { ownerMembershipId: adminMembershipId } });
  });

  it("old value matches the create", () => {
    // The stored plan, read back, must describe exactly what the first save recorded.
    expect(eventOf("plan.update").oldValue).toEqual(eventOf("plan.create").newValue);
  });
});
