import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { savePlanAction } from "@/app/o/[orgSlug]/plan/[year]/save-plan";
import type { Database, DatabaseHandle } from "@/db/connect";
import type { Organization } from "@/db/queries/organizations";
import { loadPlanAggregate } from "@/db/queries/plans";
import { executeAction } from "@/lib/auth/action";
import type { SessionUser } from "@/lib/auth/session-user";
import { formatDecimal } from "@/lib/engine/decimal";
import { buildPlanInput } from "@/lib/planning/engine-input";
import { evaluatePlan } from "@/lib/planning/evaluate";
import { findUserForSignIn } from "@/db/queries/users";
import { organizations } from "@/db/schema";
import { DEMO_EMAIL, DEMO_SLUG, seedDemo } from "@/db/seed/demo";
import { openTestDatabase } from "@/test/database";
import { smallPlanForm } from "@/test/plan-form";
import { seedOrganization } from "@/test/seed-tenants";

// FY2027 starts on 2027-01-04; 2027-02-15 is the first day of its seventh week.
const MID_FEBRUARY = "2027-02-15T18:00:00Z";
const SLUG = "versions-co";

let handle: DatabaseHandle;
let db: Database;
let organization: Organization;
let admin: SessionUser;

const save = (weights: [string, string, string, string]) =>
  executeAction(savePlanAction, { db, user: admin }, SLUG, {
    fiscalYear: "2027",
    values: smallPlanForm("", { kpi: { ...smallPlanForm().kpi, weightsPercent: weights } }),
  });

async function weeklyTargets() {
  const aggregate = (await loadPlanAggregate(db, organization.id, 2027))!;
  const evaluation = evaluatePlan(buildPlanInput(organization, aggregate, [], "2027-02-15"));
  const rows = evaluation.evaluations.get(aggregate.kpis[0]!.key)!.rows;
  return {
    versions: aggregate.targetVersions.map((version) => version.effectiveFrom),
    target: (week: string) => formatDecimal(rows.find((row) => row.week === week)!.target!),
  };
}

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  const seeded = await seedOrganization(db, SLUG);
  await seedOrganization(db, "other-co");
  organization = seeded.organization;
  admin = seeded.members[0]!.user;
});

beforeEach(() => {
  vi.stubEnv("BACKSOLVE_TEST_NOW", MID_FEBRUARY);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await handle?.close();
});

describe("KPI target versions", () => {
  it("first save covers the whole year", async () => {
    expect((await save(["20", "23", "27", "30"])).ok).toBe(true);
    const { versions, target } = await weeklyTargets();
    expect(versions).toEqual(["2027-01-04"]);
    expect(target("2027-01-04")).toBe("247");
    expect(target("2027-02-15")).toBe("247");
  });

  it("a change applies from the current week", async () => {
    expect((await save(["25", "25", "25", "25"])).ok).toBe(true);
    const { versions, target } = await weeklyTargets();
    expect(versions).toEqual(["2027-01-04", "2027-02-15"]);
    // 16,000 × 25 % = 4,000 in Q1, over 13 weeks: 307.69… rounded up.
    expect(target("2027-02-08")).toBe("247");
    expect(target("2027-02-15")).toBe("308");
    expect(target("2027-12-27")).toBe("308");
  });

  it("an unchanged save adds no version", async () => {
    expect((await save(["25", "25", "25", "25"])).ok).toBe(true);
    expect((await weeklyTargets()).versions).toEqual(["2027-01-04", "2027-02-15"]);
  });

  it("a second change in the same week replaces its version", async () => {
    expect((await save(["30", "25", "25", "20"])).ok).toBe(true);
    const { versions, target } = await weeklyTargets();
    expect(versions).toEqual(["2027-01-04", "2027-02-15"]);
    expect(target("2027-02-08")).toBe("247");
    // 16,000 × 30 % = 4,800 over 13 weeks: 369.23… rounded up.
    expect(target("2027-02-15")).toBe("370");
  });

  it("a later week adds another version", async () => {
    vi.stubEnv("BACKSOLVE_TEST_NOW", "2027-05-05T18:00:00Z");
    expect((await save(["20", "23", "27", "30"])).ok).toBe(true);
    const { versions, target } = await weeklyTargets();
    expect(versions).toEqual(["2027-01-04", "2027-02-15", "2027-05-03"]);
    expect(target("2027-04-26")).toBe("308");
    expect(target("2027-05-03")).toBe("284");
  });

  it("an invalid save records no version", async () => {
    const result = await save(["20", "23", "27", "29"]);
    expect(result.ok).toBe(false);
    expect((await weeklyTargets()).versions).toEqual(["2027-01-04", "2027-02-15", "2027-05-03"]);
  });

  it("a KPI without versions keeps its past targets as a baseline", async () => {
    // The demo seed stores KPIs without versions, as plans made before versions existed.
    expect(await seedDemo(db, "2027-02-15")).toMatchObject({ created: true, fiscalYear: 2027 });
    const demoAdmin = (await findUserForSignIn(db, DEMO_EMAIL))!;
    const [demo] = await db.select().from(organizations).where(eq(organizations.slug, DEMO_SLUG));
    const before = (await loadPlanAggregate(db, demo!.id, 2027))!;
    expect(before.targetVersions).toHaveLength(0);

    const form = smallPlanForm("", {
      stages: before.funnels[0]!.stages.map((stage) => ({ key: stage.key, name: stage.name, lastYear: String(stage.lastYear), plannedRatePercent: "" })),
      historicalGrowthPercent: "25",
      lastYearCustomersSales: "1",
      lastYearCustomersMarketing: "1",
      kpi: { name: before.kpis[0]!.name, stageKey: "leads", weightsPercent: ["25", "25", "25", "25"], ownerMembershipId: "" },
    });
    const result = await executeAction(savePlanAction, { db, user: { id: demoAdmin.id, email: demoAdmin.email, name: demoAdmin.name } }, DEMO_SLUG, { fiscalYear: "2027", values: form });
    expect(result.ok).toBe(true);

    const after = (await loadPlanAggregate(db, demo!.id, 2027))!;
    expect(after.targetVersions.map((version) => version.effectiveFrom)).toEqual(["2027-01-04", "2027-02-15"]);
    const rows = evaluatePlan(buildPlanInput(demo!, after, [], "2027-02-15")).evaluations.get(after.kpis[0]!.key)!.rows;
    expect(formatDecimal(rows.find((row) => row.week === "2027-02-08")!.target!)).toBe("247");
    expect(formatDecimal(rows.find((row) => row.week === "2027-02-15")!.target!)).toBe("308");
  });
});
