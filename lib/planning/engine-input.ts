import type { ActualRow } from "@/db/queries/actuals";
import type { Organization } from "@/db/queries/organizations";
import type { KpiRow, PlanAggregate, TargetVersionRow } from "@/db/queries/plans";
import { fiscalYearByLabel } from "@/lib/engine/calendar";
import { parseDecimal, ZERO, type Decimal } from "@/lib/engine/decimal";
import type { CalendarSettings, FunnelInput, KpiInput, PlanInput } from "@/lib/engine/types";

export function calendarOf(organization: Organization): CalendarSettings {
  return {
    fiscalYearStartMonth: organization.fiscalYearStartMonth,
    weekStartsOn: organization.weekStartsOn,
    fiscalYearNaming: organization.fiscalYearNaming,
    monthPattern: organization.monthPattern,
  };
}

const optionalDecimal = (value: string | null) => (value === null ? null : parseDecimal(value));

/**
 * Builds the engine's input from a stored plan, so the screens compute with
 * exactly the functions `npm run plan` uses.
 */
export function buildPlanInput(
  organization: Organization,
  aggregate: PlanAggregate,
  actuals: readonly ActualRow[],
  asOf: string,
  options: { ignoreTargetVersions?: boolean } = {},
): PlanInput {
  const { plan } = aggregate;
  const calendar = calendarOf(organization);
  const year = fiscalYearByLabel(calendar, plan.fiscalYear);

  const funnels: FunnelInput[] = aggregate.funnels.map((funnel) => ({
    key: funnel.key,
    branch: funnel.branch,
    name: funnel.name,
    customerShare: parseDecimal(funnel.customerShare),
    stages: funnel.stages.map((stage) => ({
      key: stage.key,
      name: stage.name,
      lastYear: stage.lastYear,
      plannedRate: optionalDecimal(stage.plannedRate),
      historicalGrowth: optionalDecimal(stage.historicalGrowth),
    })),
  }));

  const stageOwners = new Map<string, { funnel: string; stage: string }>();
  for (const funnel of aggregate.funnels) {
    for (const stage of funnel.stages) stageOwners.set(stage.id, { funnel: funnel.key, stage: stage.key });
  }

  const kpis: KpiInput[] = aggregate.kpis.map((kpi) =>
    toKpiInput(kpi, stageOwners, actuals, year.start, options.ignoreTargetVersions ? [] : aggregate.targetVersions.filter((version) => version.kpiId === kpi.id)),
  );

  const lastYearNewCustomers =
    plan.lastYearCustomersSales !== null && plan.lastYearCustomersMarketing !== null
      ? { sales: plan.lastYearCustomersSales, marketing: plan.lastYearCustomersMarketing }
      : null;

  return {
    calendar,
    plan: {
      fiscalYear: plan.fiscalYear,
      revenueGoal: parseDecimal(plan.revenueGoal),
      contractedRevenue: parseDecimal(plan.contractedRevenue),
      expansionRevenue: parseDecimal(plan.expansionRevenue),
      newRevenueBySource: { sales: parseDecimal(plan.newRevenueSales), marketing: parseDecimal(plan.newRevenueMarketing) },
      averageCustomerValue: parseDecimal(plan.averageCustomerValue),
      customerRevenueHistory: null,
      averageExpansionValue: null,
      lastYearNewCustomers,
      historicalYearOverYearGrowth: optionalDecimal(plan.historicalGrowth),
      stretchFactor: parseDecimal(plan.stretchFactor),
      whatIfStep: parseDecimal("0.1"),
    },
    indicators: [],
    funnels,
    kpis,
    asOf,
  };
}

function weightsOf(row: { q1Weight: string; q2Weight: string; q3Weight: string; q4Weight: string }) {
  return [parseDecimal(row.q1Weight), parseDecimal(row.q2Weight), parseDecimal(row.q3Weight), parseDecimal(row.q4Weight)] as [
    Decimal,
    Decimal,
    Decimal,
    Decimal,
  ];
}

function toKpiInput(
  kpi: KpiRow,
  stageOwners: ReadonlyMap<string, { funnel: string; stage: string }>,
  actuals: readonly ActualRow[],
  yearStart: string,
  versions: readonly TargetVersionRow[],
): KpiInput {
  // Stored versions carry the numbers each week was judged against, so they
  // replace the live stage-derived target.
  const targetFromStage = versions.length === 0 && kpi.funnelStageId ? (stageOwners.get(kpi.funnelStageId) ?? null) : null;
  const weights = weightsOf(kpi);
  return {
    key: kpi.key,
    name: kpi.name,
    branch: kpi.branch,
    unit: kpi.unit,
    aggregation: kpi.aggregation,
    direction: kpi.direction,
    targetFromStage,
    targetVersions:
      versions.length > 0
        ? versions.map((version) => ({
            effectiveFrom: version.effectiveFrom,
            annualTarget: parseDecimal(version.annualTarget),
            quarterWeights: kpi.aggregation === "sum" ? weightsOf(version) : null,
            quarterLevels: null,
          }))
        : [
            {
              effectiveFrom: yearStart,
              // A stage-derived target is filled in by the plan computation.
              annualTarget: kpi.annualTarget === null ? ZERO : parseDecimal(kpi.annualTarget),
              quarterWeights: kpi.aggregation === "sum" ? weights : null,
              quarterLevels: null,
            },
          ],
    band: null,
    tolerance: optionalDecimal(kpi.tolerance),
    blankIsZero: kpi.blankIsZero,
    trendWeeks: kpi.trendWeeks,
    weeklyOverrides: [],
    ratio: null,
    actuals: actuals
      .filter((actual) => actual.kpiId === kpi.id)
      .map((actual) => ({ week: actual.weekStart, value: parseDecimal(actual.value), note: actual.note })),
    play: kpi.play,
    focusArea: kpi.focusArea,
  };
}
