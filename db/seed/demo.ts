import fs from "node:fs";
import path from "node:path";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { Database } from "../connect";
import { recordAudit } from "../queries/audit";
import { upsertActual } from "../queries/actuals";
import { insertMembership, insertOrganization, slugIsTaken } from "../queries/organizations";
import { loadPlanAggregate, upsertFunnel, upsertKpi, upsertPlan, upsertStages } from "../queries/plans";
import { insertUser } from "../queries/users";
import { hashPassword } from "@/lib/auth/password";
import { fiscalYearContaining } from "@/lib/engine/calendar";
import { formatDecimal, parseDecimal } from "@/lib/engine/decimal";
import { parsePlanFile } from "@/lib/engine/plan-file";
import { buildPlanInput, calendarOf } from "@/lib/planning/engine-input";
import { evaluatePlan } from "@/lib/planning/evaluate";

export const DEMO_SLUG = "wehenger";
export const DEMO_EMAIL = "demo@wehenger.example";
export const DEMO_PASSWORD = "wehenger-demo-plan";

const PLAN_FILE = path.join(process.cwd(), "db", "seed", "wehenger-plan.json");
// A fixed seed keeps the demo's actuals the same on every machine and run.
const RANDOM_SEED = 20_270_104;

export type SeedOutcome = { created: false } | { created: true; fiscalYear: number; enteredWeeks: number };

/**
 * Creates the Wehenger demo: an organization, its admin, the worked-example
 * plan in the fiscal year containing `today`, and an actual for each elapsed
 * week within 25 % of its target, except one week left blank and one at zero.
 * Does nothing when the demo organization already exists.
 */
export async function seedDemo(db: Database, today: string): Promise<SeedOutcome> {
  if (await slugIsTaken(db, DEMO_SLUG)) return { created: false };

  const parsed = parsePlanFile({ ...JSON.parse(fs.readFileSync(PLAN_FILE, "utf8")), asOf: today });
  if (!parsed.ok) throw new Error(`The demo plan file is invalid: ${JSON.stringify(parsed.issues)}`);
  const source = parsed.input;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return db.transaction(async (tx) => {
    const user = await insertUser(tx, { email: DEMO_EMAIL, name: "Dana Demo", passwordHash });
    const organization = await insertOrganization(tx, { slug: DEMO_SLUG, name: "Wehenger Technologies", timeZone: "America/Chicago" });
    const membership = await insertMembership(tx, { organizationId: organization.id, userId: user.id, role: "admin" });
    const year = fiscalYearContaining(calendarOf(organization), today);

    const plan = await upsertPlan(tx, organization.id, year.labelYear, {
      revenueGoal: formatDecimal(source.plan.revenueGoal),
      contractedRevenue: formatDecimal(source.plan.contractedRevenue),
      expansionRevenue: formatDecimal(source.plan.expansionRevenue),
      newRevenueSales: formatDecimal(source.plan.newRevenueBySource.sales),
      newRevenueMarketing: formatDecimal(source.plan.newRevenueBySource.marketing),
      averageCustomerValue: formatDecimal(source.plan.averageCustomerValue ?? parseDecimal("1")),
      lastYearCustomersSales: source.plan.lastYearNewCustomers?.sales ?? null,
      lastYearCustomersMarketing: source.plan.lastYearNewCustomers?.marketing ?? null,
      historicalGrowth: source.plan.historicalYearOverYearGrowth ? formatDecimal(source.plan.historicalYearOverYearGrowth) : null,
      stretchFactor: formatDecimal(source.plan.stretchFactor),
    });

    const stageIds = new Map<string, string>();
    for (const [position, funnelInput] of source.funnels.entries()) {
      const funnel = await upsertFunnel(tx, organization.id, plan.id, {
        key: funnelInput.key,
        branch: funnelInput.branch,
        name: funnelInput.name,
        customerShare: formatDecimal(funnelInput.customerShare),
        position,
      });
      const stages = await upsertStages(
        tx,
        organization.id,
        funnel.id,
        funnelInput.stages.map((stage, stagePosition) => ({
          key: stage.key,
          name: stage.name,
          position: stagePosition,
          lastYear: stage.lastYear,
          plannedRate: stage.plannedRate ? formatDecimal(stage.plannedRate) : null,
          historicalGrowth: stage.historicalGrowth ? formatDecimal(stage.historicalGrowth) : null,
        })),
      );
      for (const stage of stages) stageIds.set(`${funnelInput.key}/${stage.key}`, stage.id);
    }

    for (const [position, kpi] of source.kpis.entries()) {
      const version = kpi.targetVersions[0];
      const weights = version?.quarterWeights;
      if (!version || !weights) throw new Error(`Demo KPI ${kpi.key} needs one version with quarter weights`);
      const stageId = kpi.targetFromStage ? stageIds.get(`${kpi.targetFromStage.funnel}/${kpi.targetFromStage.stage}`) : undefined;
      await upsertKpi(tx, organization.id, plan.id, {
        key: kpi.key,
        name: kpi.name,
        branch: kpi.branch,
        unit: kpi.unit,
        aggregation: kpi.aggregation,
        direction: kpi.direction,
        ownerMembershipId: membership.id,
        funnelStageId: stageId ?? null,
        annualTarget: stageId ? null : formatDecimal(version.annualTarget),
        q1Weight: formatDecimal(weights[0]),
        q2Weight: formatDecimal(weights[1]),
        q3Weight: formatDecimal(weights[2]),
        q4Weight: formatDecimal(weights[3]),
        tolerance: kpi.tolerance ? formatDecimal(kpi.tolerance) : null,
        blankIsZero: kpi.blankIsZero,
        trendWeeks: kpi.trendWeeks,
        play: kpi.play,
        focusArea: kpi.focusArea,
        position,
      });
    }

    const aggregate = await loadPlanAggregate(tx, organization.id, year.labelYear);
    if (!aggregate) throw new Error("The demo plan vanished while seeding");
    const evaluation = evaluatePlan(buildPlanInput(organization, aggregate, [], today));
    const random = xoroshiro128plus(RANDOM_SEED);
    let enteredWeeks = 0;
    for (const kpiRow of aggregate.kpis) {
      const rows = evaluation.evaluations.get(kpiRow.key)?.rows.filter((row) => row.phase === "elapsed") ?? [];
      // The second-to-last elapsed week stays blank and the one before it is a
      // real zero, so the scorecard shows grey and red next to each other.
      const blankWeek = rows.length >= 3 ? rows[rows.length - 2]?.week : undefined;
      const zeroWeek = rows.length >= 3 ? rows[rows.length - 3]?.week : undefined;
      for (const row of rows) {
        const percent = uniformInt(random, 75, 125);
        if (row.week === blankWeek || row.target === null) continue;
        const value = row.week === zeroWeek ? parseDecimal("0") : row.target.mul(percent).div(100).floor();
        await upsertActual(tx, organization.id, { kpiId: kpiRow.id, weekStart: row.week, value: formatDecimal(value), note: null, enteredBy: user.id });
        enteredWeeks += 1;
      }
    }

    await recordAudit(tx, {
      organizationId: organization.id,
      actorUserId: user.id,
      action: "demo.seed",
      entityType: "organization",
      entityId: organization.id,
      oldValue: null,
      newValue: { fiscalYear: year.labelYear, enteredWeeks },
    });
    return { created: true, fiscalYear: year.labelYear, enteredWeeks };
  });
}
