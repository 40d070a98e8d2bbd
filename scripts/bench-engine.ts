/**
 * Measures computePlan on a large plan built in memory: 20 funnels of 10
 * stages and 500 KPIs with a weekly actual for every week of the fiscal year.
 * Prints the median of several full computations.
 *
 *   npm run bench:engine
 */
import { performance } from "node:perf_hooks";
import {
  DEFAULT_CALENDAR,
  computePlan,
  decimal,
  fiscalYearByLabel,
  type Aggregation,
  type FunnelInput,
  type KpiInput,
  type PlanInput,
} from "../lib/engine";

const FUNNELS = 20;
const STAGES = 10;
const KPIS = 500;
const RUNS = 7;
const LABEL_YEAR = 2027;

function buildFunnels(): FunnelInput[] {
  const perBranch = FUNNELS / 2;
  return Array.from({ length: FUNNELS }, (_, funnelIndex) => ({
    key: `funnel-${funnelIndex}`,
    branch: funnelIndex < perBranch ? "marketing" : "sales",
    name: `Funnel ${funnelIndex}`,
    customerShare: decimal(1).div(perBranch),
    stages: Array.from({ length: STAGES }, (_, stageIndex) => ({
      key: `stage-${stageIndex}`,
      name: `Stage ${stageIndex}`,
      // Volumes shrink by a varying factor per stage, so rates are uneven fractions.
      lastYear: Math.round(2_000_000 / (1.7 + (funnelIndex % 3) * 0.2) ** stageIndex),
      plannedRate: stageIndex === 4 ? decimal("0.35") : null,
      historicalGrowth: stageIndex === 0 ? decimal("0.3") : null,
    })),
  }));
}

function buildKpis(weekStarts: string[]): KpiInput[] {
  const aggregations: Aggregation[] = ["sum", "average", "last"];
  return Array.from({ length: KPIS }, (_, index) => {
    const aggregation = aggregations[index % aggregations.length]!;
    const fromStage = aggregation === "sum" && index % 5 === 0;
    let annualTarget = decimal("0.45");
    if (aggregation === "sum") annualTarget = decimal(fromStage ? 0 : 5200 + index);
    return {
      key: `kpi-${index}`,
      name: `KPI ${index}`,
      branch: index % 2 === 0 ? "marketing" : "sales",
      unit: aggregation === "sum" ? "count" : "percent",
      aggregation,
      direction: index % 7 === 0 ? "at_most" : "at_least",
      targetFromStage: fromStage ? { funnel: `funnel-${index % FUNNELS}`, stage: `stage-${index % STAGES}` } : null,
      targetVersions: [
        {
          effectiveFrom: weekStarts[0]!,
          annualTarget,
          quarterWeights:
            aggregation === "sum" ? [decimal("0.2"), decimal("0.23"), decimal("0.27"), decimal("0.3")] : null,
          quarterLevels: null,
        },
      ],
      band: null,
      tolerance: index % 4 === 0 ? decimal("0.05") : null,
      blankIsZero: index % 11 === 0,
      trendWeeks: 3,
      weeklyOverrides: [],
      ratio: null,
      actuals: weekStarts.map((week, weekIndex) => ({
        week,
        value: aggregation === "sum" ? decimal(80 + ((index * 7 + weekIndex * 13) % 60)) : decimal(`0.${30 + ((index + weekIndex) % 40)}`),
        note: null,
      })),
      play: null,
      focusArea: null,
    };
  });
}

function buildPlan(): PlanInput {
  const year = fiscalYearByLabel(DEFAULT_CALENDAR, LABEL_YEAR);
  return {
    calendar: DEFAULT_CALENDAR,
    plan: {
      fiscalYear: LABEL_YEAR,
      revenueGoal: decimal("40000000"),
      contractedRevenue: decimal("30000000"),
      expansionRevenue: decimal("4000000"),
      newRevenueBySource: { sales: decimal("3000000"), marketing: decimal("3000000") },
      averageCustomerValue: decimal("37500"),
      customerRevenueHistory: null,
      averageExpansionValue: null,
      lastYearNewCustomers: null,
      historicalYearOverYearGrowth: decimal("0.25"),
      stretchFactor: decimal("2"),
      whatIfStep: decimal("0.1"),
    },
    indicators: [],
    funnels: buildFunnels(),
    kpis: buildKpis(year.weeks.map((week) => week.start)),
    // The last day of the year: every week but the one in progress has elapsed.
    asOf: year.end,
  };
}

const input = buildPlan();
const timings: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  computePlan(input);
  timings.push(performance.now() - started);
}
timings.sort((a, b) => a - b);
const median = timings[Math.floor(timings.length / 2)]!;
console.log(
  `computePlan: ${FUNNELS} funnels × ${STAGES} stages, ${KPIS} KPIs × ${input.kpis[0]!.actuals.length} weekly actuals`,
);
const fastest = timings[0]!.toFixed(1);
const slowest = timings[timings.length - 1]!.toFixed(1);
console.log(`median of ${RUNS} runs: ${median.toFixed(1)} ms (min ${fastest} ms, max ${slowest} ms)`);
