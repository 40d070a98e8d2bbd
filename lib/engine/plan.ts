import { CalendarError, fiscalYearByLabel, parseIsoDate, type FiscalYear, type QuarterNumber } from "./calendar";
import { ONE, ZERO, decimal, formatDecimal, type Decimal } from "./decimal";
import {
  PlanValidationError,
  backSolveFunnel,
  formatFunnelSolution,
  validateFunnel,
  type FunnelOutput,
  type FunnelSolution,
} from "./funnel";
import { computeKpi, validateKpiActuals, validateKpiSettings, type KpiResult } from "./kpi";
import { rebucketActuals } from "./rebucket";
import { decomposeRevenue, formatCustomerValue, monthBefore, type RevenueDecomposition } from "./revenue";
import type { Branch, CalendarSettings, KpiInput, PlanInput, PlanIssue, Weekday } from "./types";

/** The whole output of a plan computation, as written by `npm run plan`. Every key is always present. */
export interface PlanResult {
  newCustomerRevenue: string;
  customersNeeded: { sales: number; marketing: number };
  expansionDealsNeeded: number | null;
  averageCustomerValue: { value: string | null; basedOnCustomers: number | null };
  fiscalYear: {
    label: string;
    start: string;
    end: string;
    weeks: number;
    quarters: {
      quarter: QuarterNumber;
      start: string;
      end: string;
      weeks: number;
      months: { start: string; weeks: number }[];
    }[];
  };
  funnels: Record<string, FunnelOutput>;
  kpis: Record<string, KpiResult>;
}

function formatFiscalYear(year: FiscalYear): PlanResult["fiscalYear"] {
  return {
    label: year.label,
    start: year.start,
    end: year.end,
    weeks: year.weeks.length,
    quarters: year.quarters.map((quarter) => ({
      quarter: quarter.quarter,
      start: quarter.start,
      end: quarter.end,
      weeks: quarter.weeks,
      months: quarter.months.map((month) => ({ start: month.start, weeks: month.weeks })),
    })),
  };
}

function resolveYear(input: PlanInput, issues: PlanIssue[]): FiscalYear | null {
  try {
    return fiscalYearByLabel(input.calendar, input.plan.fiscalYear);
  } catch (error) {
    if (!(error instanceof CalendarError || error instanceof RangeError)) throw error;
    issues.push({ path: "calendar", message: error.message });
    return null;
  }
}

function checkAsOf(input: PlanInput, issues: PlanIssue[]): boolean {
  try {
    parseIsoDate(input.asOf);
    return true;
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error;
    issues.push({ path: "asOf", message: error.message });
    return false;
  }
}

function checkPlanSettings(input: PlanInput, issues: PlanIssue[]): void {
  const { stretchFactor, whatIfStep } = input.plan;
  if (stretchFactor.compare(ONE) < 0) {
    issues.push({
      path: "plan.stretchFactor",
      message: `stretch factor is ${formatDecimal(stretchFactor)}; it must be 1 or more (default 2)`,
    });
  }
  if (whatIfStep.compare(ZERO) <= 0) {
    issues.push({
      path: "plan.whatIfStep",
      message: `what-if step is ${formatDecimal(whatIfStep)}; it must be above 0, for example 0.1 for +10 %`,
    });
  }
}

function checkFunnels(input: PlanInput, issues: PlanIssue[]): void {
  const seenKeys = new Set<string>();
  const sharesByBranch = new Map<Branch, { sum: Decimal; firstIndex: number }>();

  input.funnels.forEach((funnel, index) => {
    const path = `funnels[${index}]`;
    issues.push(...validateFunnel(funnel, path));
    if (seenKeys.has(funnel.key)) {
      issues.push({ path: `${path}.key`, message: `funnel key "${funnel.key}" appears twice; give each funnel its own key` });
    }
    seenKeys.add(funnel.key);
    const shares = sharesByBranch.get(funnel.branch);
    if (shares === undefined) sharesByBranch.set(funnel.branch, { sum: funnel.customerShare, firstIndex: index });
    else shares.sum = shares.sum.add(funnel.customerShare);
  });

  for (const [branch, shares] of sharesByBranch) {
    if (!shares.sum.equals(ONE)) {
      issues.push({
        path: `funnels[${shares.firstIndex}].customerShare`,
        message: `customer shares of the ${branch} funnels add up to ${formatDecimal(shares.sum)}; they must add up to exactly 1`,
      });
    }
  }
  const existingIndex = input.funnels.findIndex((funnel) => funnel.branch === "existing");
  if (existingIndex >= 0 && input.plan.averageExpansionValue === null) {
    issues.push({
      path: "plan.averageExpansionValue",
      message: `funnel "${input.funnels[existingIndex]!.key}" works on existing customers and needs the expansion deals as its target; give averageExpansionValue`,
    });
  }
}

function checkStageTargets(input: PlanInput, issues: PlanIssue[]): void {
  input.kpis.forEach((kpi, index) => {
    if (kpi.targetFromStage === null) return;
    const path = `kpis[${index}].targetFromStage`;
    const { funnel: funnelKey, stage: stageKey } = kpi.targetFromStage;
    const funnel = input.funnels.find((candidate) => candidate.key === funnelKey);
    if (funnel === undefined) {
      issues.push({ path, message: `funnel "${funnelKey}" does not exist; use one of the plan's funnel keys` });
    } else if (!funnel.stages.some((stage) => stage.key === stageKey)) {
      issues.push({ path, message: `stage "${stageKey}" is not a stage of funnel "${funnelKey}"; use one of its stage keys` });
    }
    if (kpi.targetVersions.length !== 1) {
      issues.push({
        path,
        message: `a KPI whose target comes from a funnel stage has exactly one target version, not ${kpi.targetVersions.length}`,
      });
    }
  });
}

/** Replaces the annual target of each stage-derived KPI with that stage's needed volume. */
function resolveStageTargets(kpis: readonly KpiInput[], solutions: ReadonlyMap<string, FunnelSolution>): KpiInput[] {
  return kpis.map((kpi) => {
    if (kpi.targetFromStage === null) return kpi;
    const needed = solutions.get(kpi.targetFromStage.funnel)!.neededVolumes[kpi.targetFromStage.stage]!;
    return {
      ...kpi,
      targetVersions: kpi.targetVersions.map((version) => ({ ...version, annualTarget: decimal(needed) })),
    };
  });
}

interface PlanCheck {
  issues: PlanIssue[];
  year: FiscalYear | null;
  revenue: RevenueDecomposition;
}

function checkPlan(input: PlanInput): PlanCheck {
  const issues: PlanIssue[] = [];
  const year = resolveYear(input, issues);
  const asOfValid = checkAsOf(input, issues);

  const revenue = decomposeRevenue(input.plan, {
    historyEndMonth: asOfValid ? monthBefore(input.asOf) : null,
  });
  issues.push(...revenue.issues);
  checkPlanSettings(input, issues);
  checkFunnels(input, issues);
  checkStageTargets(input, issues);
  if (year !== null) {
    issues.push(...validateKpiSettings(input.kpis, year));
    if (asOfValid) issues.push(...validateKpiActuals(input.kpis, year, input.asOf));
  }
  return { issues, year, revenue };
}

/**
 * Lists every problem that keeps `computePlan` from computing the plan, each
 * with a JSON path into the plan input. An empty list means the plan computes.
 */
export function validatePlan(input: PlanInput): PlanIssue[] {
  return checkPlan(input).issues;
}

/**
 * Computes the whole plan: the revenue decomposition, every funnel, the fiscal
 * calendar and every KPI's targets and status at `asOf`. Throws
 * PlanValidationError with every issue found when the plan cannot be computed.
 */
export function computePlan(input: PlanInput): PlanResult {
  const { issues, year, revenue } = checkPlan(input);
  if (issues.length > 0 || year === null || revenue.customersNeeded === null) {
    throw new PlanValidationError(issues);
  }

  const customersNeeded = revenue.customersNeeded;
  const solutions = new Map<string, FunnelSolution>();
  input.funnels.forEach((funnel, index) => {
    const branchCustomers =
      funnel.branch === "existing" ? (revenue.expansionDealsNeeded ?? 0) : customersNeeded[funnel.branch];
    const solution = backSolveFunnel(
      funnel,
      branchCustomers,
      {
        historicalGrowth: input.plan.historicalYearOverYearGrowth,
        stretchFactor: input.plan.stretchFactor,
        whatIfStep: input.plan.whatIfStep,
      },
      `funnels[${index}]`,
    );
    solutions.set(funnel.key, solution);
  });

  const kpis = resolveStageTargets(input.kpis, solutions);
  const kpisByKey = new Map(kpis.map((kpi) => [kpi.key, kpi]));
  const context = { year, asOf: input.asOf, kpisByKey };

  return {
    newCustomerRevenue: formatDecimal(revenue.newCustomerRevenue),
    customersNeeded: { sales: customersNeeded.sales, marketing: customersNeeded.marketing },
    expansionDealsNeeded: revenue.expansionDealsNeeded,
    averageCustomerValue: formatCustomerValue(revenue.averageCustomerValue),
    fiscalYear: formatFiscalYear(year),
    funnels: Object.fromEntries([...solutions].map(([key, solution]) => [key, formatFunnelSolution(solution)])),
    kpis: Object.fromEntries(kpis.map((kpi) => [kpi.key, computeKpi(kpi, context)])),
  };
}

/** The `--week-start` report: every week whose total changes when weeks start on another day. */
export interface WeekStartReport {
  fiscalYear: number;
  previous: { weekStartsOn: Weekday; start: string; end: string };
  next: { weekStartsOn: Weekday; start: string; end: string };
  changes: {
    kpi: string;
    week: string;
    inFiscalYear: boolean;
    total: string;
    sources: { week: string; total: string; moved: string }[];
    entries: { date: string; value: string; previousWeek: string }[];
  }[];
}

/** Re-buckets the plan's actuals for a new week start day and lists every week whose total changes. */
export function weekStartReport(input: PlanInput, weekStartsOn: Weekday): WeekStartReport {
  const next: CalendarSettings = { ...input.calendar, weekStartsOn };
  const report = rebucketActuals(input.kpis, input.calendar, next, input.plan.fiscalYear);
  return {
    fiscalYear: input.plan.fiscalYear,
    previous: { weekStartsOn: input.calendar.weekStartsOn, start: report.previousYear.start, end: report.previousYear.end },
    next: { weekStartsOn, start: report.year.start, end: report.year.end },
    changes: report.changes.map((change) => ({
      kpi: change.kpiKey,
      week: change.week,
      inFiscalYear: change.inFiscalYear,
      total: formatDecimal(change.total),
      sources: change.sources.map((source) => ({
        week: source.week,
        total: formatDecimal(source.total),
        moved: formatDecimal(source.moved),
      })),
      entries: change.entries.map((entry) => ({
        date: entry.date,
        value: formatDecimal(entry.value),
        previousWeek: entry.previousWeek,
      })),
    })),
  };
}

export { PlanValidationError };
