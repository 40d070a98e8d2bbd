import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "@/db/connect";
import { listActuals } from "@/db/queries/actuals";
import { loadPlanAggregate } from "@/db/queries/plans";
import { organizations } from "@/db/schema";
import { DEMO_SLUG, seedDemo } from "@/db/seed/demo";
import { buildPlanInput } from "@/lib/planning/engine-input";
import { evaluatePlan } from "@/lib/planning/evaluate";
import { openTestDatabase } from "@/test/database";


const TODAY = "2027-05-20";

let handle: DatabaseHandle;
let db: Database;

async function rowCounts() {
  const result = await db.execute(
    sql`select (select count(*) from organizations) as organizations, (select count(*) from weekly_actuals) as actuals, (select count(*) from audit_events) as events`,
  );
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return JSON.stringify(rows[0]);
}

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
});

afterAll(async () => {
  await handle?.close();
});

describe("demo seed", () => {
  it("creates the demo in the year containing today", async () => {
    const outcome = await seedDemo(db, TODAY);
    expect(outcome).toMatchObject({ created: true, fiscalYear: 2027 });
  });

  it("draws actuals within 25 % with one blank and one zero", async () => {
    const [organization] = await db.select().from(organizations).where(eq(organizations.slug, DEMO_SLUG));
    const aggregate = (await loadPlanAggregate(db, organization!.id, 2027))!;
    const actuals = await listActuals(db, organization!.id, aggregate.kpis.map((kpi) => kpi.id));
    const evaluation = evaluatePlan(buildPlanInput(organization!, aggregate, actuals, TODAY));
    const rows = evaluation.evaluations.get("downloads")!.rows.filter((row) => row.phase === "elapsed");
    const statuses = new Set(rows.map((row) => row.status));

    expect(statuses.has("on_track")).toBe(true);
    expect(statuses.has("off_track")).toBe(true);
    expect(statuses.has("not_entered")).toBe(true);
    expect(rows.filter((row) => row.actual === null)).toHaveLength(1);
    expect(rows.filter((row) => row.actual !== null && row.actual.equals(0))).toHaveLength(1);
    for (const row of rows) {
      if (row.actual === null || row.actual.equals(0)) continue;
      expect(row.actual.compare(row.target!.mul("0.75").floor())).toBeGreaterThanOrEqual(0);
      expect(row.actual.compare(row.target!.mul("1.25"))).toBeLessThanOrEqual(0);
    }
  });

  it("a second run changes nothing", async () => {
    const before = await rowCounts();
    expect(await seedDemo(db, TODAY)).toEqual({ created: false });
    expect(await rowCounts()).toBe(before);
  });
});
