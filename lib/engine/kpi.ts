import { ZERO, formatDecimal, sumDecimals, type Decimal } from "./decimal";
import {
  currentQuarter,
  parseIsoDate,
  weekContaining,
  weekStartOf,
  type FiscalQuarter,
  type FiscalYear,
  type QuarterNumber,
} from "./calendar";
import { statusOf, trendFlags, type StatusGoal, type WeekStatus } from "./status";
import {
  isBandKpi,
  quarterTarget,
  quarterTargets,
  quarterWeightSum,
  quarterWeightsAreValid,
  versionInForce,
  weeklyTargets,
} from "./targets";
import type { Band, IsoDate, KpiInput } from "./types";

/**
 * One KPI over one fiscal year: weekly rows with targets, actuals and
 * statuses, roll-ups over elapsed weeks, the stale-target flag and the pace
 * projection. Everything is exact; only computeKpi formats decimals as strings.
 */

export type WeekPhase = "elapsed" | "in_progress" | "upcoming";

export interface WeekRow {
  /** Start of the week. */
  week: IsoDate;
  end: IsoDate;
  quarter: QuarterNumber;
  /** Fiscal month, 1..12. */
  month: number;
  phase: WeekPhase;
  target: Decimal | null;
  band: Band | null;
  overridden: boolean;
  /** Actual after the blank-is-zero and ratio rules; null is a blank. */
  actual: Decimal | null;
  /** Null for weeks that have not elapsed. */
  status: WeekStatus | null;
  /** Whether the KPI is flagged for its trend as of this week; false for weeks not elapsed. */
  trend: boolean;
}

export interface KpiContext {
  year: FiscalYear;
  /** Today in the organization's time zone. */
  asOf: IsoDate;
  /** Every KPI of the plan, for the numerator and denominator of ratio KPIs. */
  kpisByKey: ReadonlyMap<string, KpiInput>;
}

/** Numerator and denominator behind one week's value of a ratio KPI. */
export interface RatioParts {
  numerator: Decimal;
  denominator: Decimal;
}

export interface RollUp {
  /** Weeks of the period that ended before the as-of date, entered or not. */
  elapsedWeeks: number;
  actual: Decimal | null;
  target: Decimal | null;
  status: WeekStatus;
}

export interface Projection {
  projected: Decimal | null;
  target: Decimal | null;
  status: WeekStatus;
}

export interface PaceProjection extends Projection {
  quarter: QuarterNumber;
  yearEnd: Projection;
}

/** Exact form of a KPI's results. */
export interface KpiEvaluation {
  annualTarget: Decimal | null;
  band: Band | null;
  quarters: ReturnType<typeof quarterTargets>;
  rows: WeekRow[];
  ratioParts: (RatioParts | null)[];
  quarterToDate: RollUp & { quarter: QuarterNumber };
  yearToDate: RollUp;
  paceProjection: PaceProjection;
  flags: { trend: boolean; staleTarget: boolean };
}

type StatusText = WeekStatus;

/** The `kpis.{key}` object of the plan-file output: decimals as canonical strings, null where no value exists. */
export interface KpiResult {
  annualTarget: string | null;
  band: { low: string; high: string } | null;
  quarters: { quarter: QuarterNumber; start: IsoDate; weeks: number; target: string | null; weeklyTarget: string | null }[];
  weeklyStatus: { week: IsoDate; target: string | null; actual: string | null; status: StatusText; trend: boolean }[];
  quarterToDate: { quarter: QuarterNumber; elapsedWeeks: number; actual: string | null; target: string | null; status: StatusText };
  yearToDate: { elapsedWeeks: number; actual: string | null; target: string | null; status: StatusText };
  paceProjection: {
    quarter: QuarterNumber;
    projected: string | null;
    target: string | null;
    status: StatusText;
    yearEnd: { projected: string | null; target: string | null; status: StatusText };
  };
  flags: { trend: boolean; staleTarget: boolean };
}

export function phaseOf(week: { start: IsoDate; end: IsoDate }, asOf: IsoDate): WeekPhase {
  if (week.end < asOf) return "elapsed";
  if (week.start <= asOf) return "in_progress";
  return "upcoming";
}

/**
 * Keys a KPI's entries by the start of the week that contains their date.
 * Entries outside the fiscal year are left out. Of two entries in one week the
 * later one in the list wins, because a second entry replaces the first.
 */
export function entriesByWeek(kpi: Pick<KpiInput, "actuals">, year: FiscalYear): Map<IsoDate, Decimal> {
  const byWeek = new Map<IsoDate, Decimal>();
  for (const actual of kpi.actuals) {
    const week = weekContaining(year, actual.week);
    if (week !== null) byWeek.set(week.start, actual.value);
  }
  return byWeek;
}

/** Weekly values of a plain KPI, with blanks of elapsed weeks read as 0 when the KPI opts in. */
function plainValues(kpi: KpiInput, context: KpiContext): (Decimal | null)[] {
  const entries = entriesByWeek(kpi, context.year);
  return context.year.weeks.map((week) => {
    const entry = entries.get(week.start);
    if (entry !== undefined) return entry;
    return kpi.blankIsZero && phaseOf(week, context.asOf) === "elapsed" ? ZERO : null;
  });
}

/**
 * Weekly numerator and denominator of a ratio KPI: both must be entered (each
 * after its own blank-is-zero rule) and the denominator must not be zero.
 * A missing numerator or denominator KPI leaves every week without a value.
 */
export function ratioPartsByWeek(kpi: KpiInput, context: KpiContext): (RatioParts | null)[] {
  const ratio = kpi.ratio;
  const numeratorKpi = ratio === null ? undefined : context.kpisByKey.get(ratio.numerator);
  const denominatorKpi = ratio === null ? undefined : context.kpisByKey.get(ratio.denominator);
  if (numeratorKpi === undefined || denominatorKpi === undefined) {
    return context.year.weeks.map(() => null);
  }
  const numerators = plainValues(numeratorKpi, context);
  const denominators = plainValues(denominatorKpi, context);
  return context.year.weeks.map((_, index) => {
    const numerator = numerators[index] ?? null;
    const denominator = denominators[index] ?? null;
    if (numerator === null || denominator === null || denominator.equals(ZERO)) return null;
    return { numerator, denominator };
  });
}

function assertComputable(kpi: KpiInput): void {
  if (isBandKpi(kpi) && kpi.band === null) {
    throw new Error(`KPI "${kpi.key}" has direction "${kpi.direction}" but no band; give it a low and a high bound`);
  }
  if (!isBandKpi(kpi) && kpi.targetVersions.length === 0) {
    throw new Error(`KPI "${kpi.key}" has no target; give it an annual target or target versions`);
  }
}

function goalOf(kpi: KpiInput, target: Decimal | null): StatusGoal {
  return { target, band: isBandKpi(kpi) ? kpi.band : null };
}

function rowsWithParts(kpi: KpiInput, context: KpiContext): { rows: WeekRow[]; ratioParts: (RatioParts | null)[] } {
  assertComputable(kpi);
  parseIsoDate(context.asOf);
  const { year, asOf } = context;
  const targets = weeklyTargets(kpi, year);
  const ratioParts = kpi.ratio === null ? year.weeks.map(() => null) : ratioPartsByWeek(kpi, context);
  const values =
    kpi.ratio === null
      ? plainValues(kpi, context)
      : ratioParts.map((parts) => (parts === null ? null : parts.numerator.div(parts.denominator)));

  const rows: WeekRow[] = year.weeks.map((week, index) => {
    const weekTarget = targets[index];
    const target = weekTarget?.target ?? null;
    const phase = phaseOf(week, asOf);
    const actual = values[index] ?? null;
    return {
      week: week.start,
      end: week.end,
      quarter: week.quarter,
      month: week.month,
      phase,
      target,
      band: isBandKpi(kpi) ? kpi.band : null,
      overridden: weekTarget?.overridden ?? false,
      actual,
      status: phase === "elapsed" ? statusOf(actual, kpi.direction, goalOf(kpi, target), kpi.tolerance) : null,
      trend: false,
    };
  });

  const elapsedRows = rows.filter((row) => row.phase === "elapsed");
  const flags = trendFlags(
    elapsedRows.map((row) => row.status ?? "not_entered"),
    kpi.trendWeeks,
  );
  elapsedRows.forEach((row, index) => {
    row.trend = flags[index] ?? false;
  });
  return { rows, ratioParts };
}

/** Lists every week of the fiscal year with its target, actual, status and trend flag. */
export function kpiWeekRows(kpi: KpiInput, context: KpiContext): WeekRow[] {
  return rowsWithParts(kpi, context).rows;
}

function mean(values: readonly Decimal[]): Decimal | null {
  return values.length === 0 ? null : sumDecimals(values).div(values.length);
}

function scaleBand(band: Band | null, factor: number): Band | null {
  return band === null ? null : { low: band.low.mul(factor), high: band.high.mul(factor) };
}

function isLevelKpi(kpi: KpiInput): boolean {
  return kpi.aggregation !== "sum" || kpi.ratio !== null;
}

/**
 * Rolls up elapsed weeks of a period. Sum: the entries' sum against the sum of
 * the weekly targets in force (overrides included; a band is multiplied by the
 * number of weeks). Average: the mean of entered weeks against the mean of
 * those weeks' targets. Last value: the latest entry against its week's
 * target. Ratio KPIs: sum(numerator) / sum(denominator) over the weeks that
 * have a ratio, against the mean of those weeks' targets. A period without
 * any entry is not entered.
 */
export function rollUp(
  kpi: KpiInput,
  rows: readonly WeekRow[],
  ratioParts: readonly (RatioParts | null)[] = [],
): RollUp {
  const elapsed = rows.filter((row) => row.phase === "elapsed");
  const entered = elapsed.filter((row) => row.actual !== null);
  const finish = (actual: Decimal | null, target: Decimal | null, band: Band | null): RollUp => ({
    elapsedWeeks: elapsed.length,
    actual,
    target,
    status: actual === null ? "not_entered" : statusOf(actual, kpi.direction, { target, band }, kpi.tolerance),
  });
  const band = isBandKpi(kpi) ? kpi.band : null;
  const targetsOf = (weeks: readonly WeekRow[]): Decimal[] | null =>
    weeks.every((row) => row.target !== null) ? weeks.map((row) => row.target as Decimal) : null;

  if (elapsed.length === 0) return finish(null, null, band);

  if (kpi.aggregation === "last") {
    const latest = entered[entered.length - 1];
    return finish(latest?.actual ?? null, latest?.target ?? null, band);
  }

  if (kpi.ratio !== null) {
    const parts = elapsed
      .map((row) => ratioParts[rows.indexOf(row)] ?? null)
      .filter((value): value is RatioParts => value !== null);
    const denominator = sumDecimals(parts.map((part) => part.denominator));
    const actual = parts.length === 0 || denominator.equals(ZERO)
      ? null
      : sumDecimals(parts.map((part) => part.numerator)).div(denominator);
    const targets = targetsOf(entered);
    return finish(actual, targets === null ? null : mean(targets), band);
  }

  if (kpi.aggregation === "average") {
    const targets = targetsOf(entered);
    return finish(mean(entered.map((row) => row.actual as Decimal)), targets === null ? null : mean(targets), band);
  }

  const targets = targetsOf(elapsed);
  const actual = entered.length === 0 ? null : sumDecimals(entered.map((row) => row.actual as Decimal));
  return finish(actual, targets === null ? null : sumDecimals(targets), scaleBand(band, elapsed.length));
}

/**
 * Picks the quarter that roll-ups and the pace projection refer to: the
 * quarter containing `asOf`, or the first quarter before the year and the
 * fourth after it.
 */
export function reportingQuarter(year: FiscalYear, asOf: IsoDate): FiscalQuarter {
  const containing = currentQuarter(year, asOf);
  if (containing !== null) return containing;
  const edge = asOf < year.start ? year.quarters[0] : year.quarters[year.quarters.length - 1];
  if (edge === undefined) throw new Error(`fiscal year ${year.label} has no quarters`);
  return edge;
}

/** Minimum entered weeks in a completed quarter before its statuses can mark a target stale. */
export const STALE_TARGET_MIN_WEEKS = 4;

/**
 * Flags a stale target. The deciding quarter is the latest quarter completed
 * by `asOf` that has at least four entered weeks. The target is stale when
 * those weeks are all on track or all off track (an at-risk week breaks both).
 * A later quarter with mixed statuses therefore clears the flag that an
 * earlier quarter raised.
 */
export function staleTarget(rows: readonly WeekRow[], year: FiscalYear, asOf: IsoDate): boolean {
  const completed = year.quarters.filter((quarter) => quarter.end < asOf);
  for (const quarter of [...completed].reverse()) {
    const statuses = rows
      .filter((row) => row.quarter === quarter.quarter && row.phase === "elapsed" && row.status !== "not_entered")
      .map((row) => row.status);
    if (statuses.length < STALE_TARGET_MIN_WEEKS) continue;
    return statuses.every((status) => status === "on_track") || statuses.every((status) => status === "off_track");
  }
  return false;
}

/** Mean of the last four entered weeks among `rows` (fewer when fewer exist), or null without entries. */
export function recentWeeklyMean(rows: readonly WeekRow[]): Decimal | null {
  const entered = rows.filter((row) => row.phase === "elapsed" && row.actual !== null);
  return mean(entered.slice(-4).map((row) => row.actual as Decimal));
}

/**
 * Pace projection for the reporting quarter and the fiscal year. Sum KPIs:
 * actual so far + remaining weeks (the week in progress included) × the mean
 * of the last four entered weeks of the year, against the exact period target
 * annual × weight of the version in force at `asOf`. Average, last-value and
 * ratio KPIs: the current roll-up against the period's level. Without any
 * entry there is no projection.
 */
export function paceProjection(
  kpi: KpiInput,
  rows: readonly WeekRow[],
  context: KpiContext,
  ratioParts: readonly (RatioParts | null)[] = [],
): PaceProjection {
  const { year, asOf } = context;
  const quarter = reportingQuarter(year, asOf);
  const version = isBandKpi(kpi) ? null : versionInForce(kpi, year, asOf);
  const quarterGoal = version === null ? null : quarterTarget(version, kpi.aggregation, quarter.quarter);
  const yearGoal = version === null ? null : version.annualTarget;
  const band = isBandKpi(kpi) ? kpi.band : null;
  const judge = (projected: Decimal | null, target: Decimal | null, goalBand: Band | null): Projection => ({
    projected,
    target,
    status: projected === null ? "not_entered" : statusOf(projected, kpi.direction, { target, band: goalBand }, kpi.tolerance),
  });
  const quarterRows = rows.filter((row) => row.quarter === quarter.quarter);

  if (isLevelKpi(kpi)) {
    const pick = (subset: readonly WeekRow[]) => rollUp(kpi, subset, subset.map((row) => ratioParts[rows.indexOf(row)] ?? null)).actual;
    return {
      quarter: quarter.quarter,
      ...judge(pick(quarterRows), quarterGoal, band),
      yearEnd: judge(pick(rows), yearGoal, band),
    };
  }

  const weeklyPace = recentWeeklyMean(rows);
  const project = (subset: readonly WeekRow[]): Decimal | null => {
    if (weeklyPace === null) return null;
    const elapsed = subset.filter((row) => row.phase === "elapsed");
    const soFar = sumDecimals(elapsed.filter((row) => row.actual !== null).map((row) => row.actual as Decimal));
    return soFar.add(weeklyPace.mul(subset.length - elapsed.length));
  };
  return {
    quarter: quarter.quarter,
    ...judge(project(quarterRows), quarterGoal, scaleBand(band, quarter.weeks)),
    yearEnd: judge(project(rows), yearGoal, scaleBand(band, year.weeks.length)),
  };
}

/** Computes every result of one KPI as exact values. */
export function evaluateKpi(kpi: KpiInput, context: KpiContext): KpiEvaluation {
  const { rows, ratioParts } = rowsWithParts(kpi, context);
  const { year, asOf } = context;
  const quarter = reportingQuarter(year, asOf);
  const version = isBandKpi(kpi) ? null : versionInForce(kpi, year, asOf);
  const lastElapsed = rows.filter((row) => row.phase === "elapsed").at(-1);

  return {
    annualTarget: version?.annualTarget ?? null,
    band: isBandKpi(kpi) ? kpi.band : null,
    quarters: quarterTargets(kpi, year),
    rows,
    ratioParts,
    quarterToDate: {
      quarter: quarter.quarter,
      ...periodRollUp(kpi, { rows, ratioParts }, (row) => row.quarter === quarter.quarter),
    },
    yearToDate: rollUp(kpi, rows, ratioParts),
    paceProjection: paceProjection(kpi, rows, context, ratioParts),
    flags: { trend: lastElapsed?.trend ?? false, staleTarget: staleTarget(rows, year, asOf) },
  };
}

/**
 * Rolls up the weeks of an evaluated KPI that `includes` selects, keeping the
 * ratio parts aligned with the selected rows.
 */
export function periodRollUp(
  kpi: KpiInput,
  evaluation: Pick<KpiEvaluation, "rows" | "ratioParts">,
  includes: (row: WeekRow) => boolean,
): RollUp {
  const indexes = evaluation.rows.flatMap((row, index) => (includes(row) ? [index] : []));
  return rollUp(
    kpi,
    indexes.map((index) => evaluation.rows[index] as WeekRow),
    indexes.map((index) => evaluation.ratioParts[index] ?? null),
  );
}

/** Rolls up each fiscal month's elapsed weeks, months 1 to 12 in order. */
export function monthRollUps(kpi: KpiInput, context: KpiContext): (RollUp & { month: number; start: IsoDate })[] {
  const evaluation = rowsWithParts(kpi, context);
  const months = context.year.quarters.flatMap((quarter) => quarter.months);
  return months.map((month, index) => ({
    month: index + 1,
    start: month.start,
    ...periodRollUp(kpi, evaluation, (row) => row.month === index + 1),
  }));
}

function text(value: Decimal | null): string | null {
  return value === null ? null : formatDecimal(value);
}

function projectionText(projection: Projection): { projected: string | null; target: string | null; status: StatusText } {
  return { projected: text(projection.projected), target: text(projection.target), status: projection.status };
}

function rollUpText(value: RollUp): { elapsedWeeks: number; actual: string | null; target: string | null; status: StatusText } {
  return { elapsedWeeks: value.elapsedWeeks, actual: text(value.actual), target: text(value.target), status: value.status };
}

/** Computes the plan-file output object for one KPI, with decimals formatted. */
export function computeKpi(kpi: KpiInput, context: KpiContext): KpiResult {
  const result = evaluateKpi(kpi, context);
  return {
    annualTarget: text(result.annualTarget),
    band: result.band === null ? null : { low: formatDecimal(result.band.low), high: formatDecimal(result.band.high) },
    quarters: result.quarters.map((row) => ({
      quarter: row.quarter,
      start: row.start,
      weeks: row.weeks,
      target: text(row.target),
      weeklyTarget: text(row.weeklyTarget),
    })),
    weeklyStatus: result.rows
      .filter((row) => row.phase === "elapsed")
      .map((row) => ({
        week: row.week,
        target: text(row.target),
        actual: text(row.actual),
        status: row.status ?? "not_entered",
        trend: row.trend,
      })),
    quarterToDate: { quarter: result.quarterToDate.quarter, ...rollUpText(result.quarterToDate) },
    yearToDate: rollUpText(result.yearToDate),
    paceProjection: {
      quarter: result.paceProjection.quarter,
      ...projectionText(result.paceProjection),
      yearEnd: projectionText(result.paceProjection.yearEnd),
    },
    flags: result.flags,
  };
}

export interface Issue {
  path: string;
  message: string;
}

/**
 * Checks the actuals of every KPI: a real date, a week that has started by
 * `asOf`, inside the fiscal year, and at most one actual per KPI per week.
 * `pathPrefix` is the path of the KPI list in the caller's input.
 */
export function validateKpiActuals(
  kpis: readonly KpiInput[],
  year: FiscalYear,
  asOf: IsoDate,
  pathPrefix = "kpis",
): Issue[] {
  const issues: Issue[] = [];
  kpis.forEach((kpi, kpiIndex) => {
    const firstIndexByWeek = new Map<IsoDate, number>();
    kpi.actuals.forEach((actual, actualIndex) => {
      const path = `${pathPrefix}[${kpiIndex}].actuals[${actualIndex}].week`;
      try {
        parseIsoDate(actual.week);
      } catch (error) {
        issues.push({ path, message: (error as Error).message });
        return;
      }
      const weekStart = weekStartOf(year.settings, actual.week);
      if (weekContaining(year, actual.week) === null) {
        issues.push({
          path,
          message: `actual dated ${actual.week} is outside fiscal year ${year.label} (${year.start} to ${year.end}); remove it or change its date`,
        });
      } else if (weekStart > asOf) {
        issues.push({
          path,
          message: `actual dated ${actual.week} is for the week starting ${weekStart}, which starts after ${asOf}; actuals can only be entered for weeks that have started`,
        });
      }
      const first = firstIndexByWeek.get(weekStart);
      if (first === undefined) {
        firstIndexByWeek.set(weekStart, actualIndex);
      } else {
        issues.push({
          path,
          message: `KPI "${kpi.key}" already has an actual for the week starting ${weekStart} (actuals[${first}]); keep one actual per week`,
        });
      }
    });
  });
  return issues;
}

/**
 * Checks what the KPI computation needs besides actuals. "Between" and
 * "outside" KPIs need a band with low ≤ high, other KPIs a target. Quarter
 * weights of sum KPIs add up to exactly 1. Tolerance is not negative and trend
 * weeks is a whole number of at least 1. Overrides lie inside the fiscal year,
 * one per week. A ratio KPI divides two other non-ratio KPIs and has no
 * actuals of its own.
 */
export function validateKpiSettings(kpis: readonly KpiInput[], year: FiscalYear, pathPrefix = "kpis"): Issue[] {
  const issues: Issue[] = [];
  const keys = new Map(kpis.map((kpi) => [kpi.key, kpi]));
  kpis.forEach((kpi, kpiIndex) => {
    const at = (suffix: string) => `${pathPrefix}[${kpiIndex}].${suffix}`;

    if (isBandKpi(kpi)) {
      if (kpi.band === null) {
        issues.push({ path: at("band"), message: `a "${kpi.direction}" KPI needs a band; give it a low and a high bound` });
      }
    } else if (kpi.targetVersions.length === 0) {
      issues.push({ path: at("annualTarget"), message: `a "${kpi.direction}" KPI needs a target; give it an annual target` });
    }
    if (kpi.band !== null && kpi.band.low.compare(kpi.band.high) > 0) {
      issues.push({
        path: at("band"),
        message: `band low ${formatDecimal(kpi.band.low)} is above band high ${formatDecimal(kpi.band.high)}; swap the bounds`,
      });
    }

    kpi.targetVersions.forEach((version, versionIndex) => {
      const versionPath = at(`targetVersions[${versionIndex}]`);
      try {
        parseIsoDate(version.effectiveFrom);
      } catch (error) {
        issues.push({ path: `${versionPath}.effectiveFrom`, message: (error as Error).message });
      }
      if (kpi.aggregation !== "sum") return;
      const weights = version.quarterWeights;
      if (weights === null) {
        issues.push({ path: `${versionPath}.quarterWeights`, message: "a sum KPI needs four quarter weights adding up to 1" });
      } else if (!quarterWeightsAreValid(weights)) {
        issues.push({
          path: `${versionPath}.quarterWeights`,
          message: `quarter weights must be at least 0 and add up to exactly 1, but they add up to ${formatDecimal(quarterWeightSum(weights))}`,
        });
      }
    });

    if (kpi.tolerance !== null && kpi.tolerance.compare(ZERO) < 0) {
      issues.push({ path: at("tolerance"), message: `tolerance ${formatDecimal(kpi.tolerance)} is negative; use a fraction such as 0.05` });
    }
    if (!Number.isInteger(kpi.trendWeeks) || kpi.trendWeeks < 1) {
      issues.push({ path: at("trendWeeks"), message: `trend weeks ${String(kpi.trendWeeks)} is invalid; use a whole number of at least 1` });
    }

    const overrideWeeks = new Set<IsoDate>();
    kpi.weeklyOverrides.forEach((override, overrideIndex) => {
      const path = at(`weeklyOverrides[${overrideIndex}].week`);
      if (isBandKpi(kpi)) {
        issues.push({ path, message: `a "${kpi.direction}" KPI has a band, not a weekly target; remove the override` });
        return;
      }
      const week = (() => {
        try {
          return weekContaining(year, override.week);
        } catch (error) {
          issues.push({ path, message: (error as Error).message });
          return undefined;
        }
      })();
      if (week === undefined) return;
      if (week === null) {
        issues.push({ path, message: `override dated ${override.week} is outside fiscal year ${year.label} (${year.start} to ${year.end})` });
      } else if (overrideWeeks.has(week.start)) {
        issues.push({ path, message: `the week starting ${week.start} already has an override; keep one per week` });
      } else {
        overrideWeeks.add(week.start);
      }
    });

    if (kpi.ratio !== null) {
      for (const side of ["numerator", "denominator"] as const) {
        const key = kpi.ratio[side];
        const other = keys.get(key);
        if (key === kpi.key) {
          issues.push({ path: at(`ratio.${side}`), message: `ratio ${side} "${key}" is this KPI itself; name another KPI` });
        } else if (other === undefined) {
          issues.push({ path: at(`ratio.${side}`), message: `ratio ${side} "${key}" is not a KPI key of this plan` });
        } else if (other.ratio !== null) {
          issues.push({ path: at(`ratio.${side}`), message: `ratio ${side} "${key}" is itself a ratio KPI; name a KPI with its own actuals` });
        }
      }
      if (kpi.actuals.length > 0) {
        issues.push({
          path: at("actuals"),
          message: `ratio KPI "${kpi.key}" takes its actuals from its numerator and denominator; remove its own actuals`,
        });
      }
    }
  });
  return issues;
}
