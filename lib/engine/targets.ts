import { ONE, ZERO, sumDecimals, type Decimal } from "./decimal";
import {
  parseIsoDate,
  quarterOf,
  weekContaining,
  weekStartOf,
  type FiscalWeek,
  type FiscalYear,
  type QuarterNumber,
} from "./calendar";
import type { Aggregation, IsoDate, KpiInput, KpiUnit, TargetVersion } from "./types";

/**
 * KPI targets: quarter targets from the annual target, weekly targets from
 * the quarter, target versions that take effect from a given week, and
 * single-week overrides.
 */

/** Tells whether a KPI is judged against a band ("between", "outside") rather than a target. */
export function isBandKpi(kpi: Pick<KpiInput, "direction">): boolean {
  return kpi.direction === "between" || kpi.direction === "outside";
}

/**
 * Rounds a weekly share of a quarter up to the unit's step: whole cents for
 * currency, whole units for counts. Percent and ratio values have no natural
 * step, so they stay exact.
 */
export function roundWeeklyTarget(value: Decimal, unit: KpiUnit): Decimal {
  if (unit === "count") return value.ceil();
  if (unit === "currency") return value.ceil(2);
  return value;
}

/** Smallest step a weekly target is rounded to, or null when it is not rounded. */
export function weeklyTargetStep(unit: KpiUnit): Decimal | null {
  if (unit === "count") return ONE;
  if (unit === "currency") return ONE.div(100);
  return null;
}

/**
 * The quarter target of one version: annual × weight for sum KPIs (exact),
 * the quarter's level for average and last-value KPIs (the annual level
 * unless the version gives quarter levels).
 */
export function quarterTarget(
  version: TargetVersion,
  aggregation: Aggregation,
  quarter: QuarterNumber,
): Decimal {
  if (aggregation === "sum") {
    const weight = version.quarterWeights?.[quarter - 1];
    if (weight === undefined) {
      throw new Error(`a sum KPI needs four quarter weights; the version effective from ${version.effectiveFrom} has none`);
    }
    return version.annualTarget.mul(weight);
  }
  return version.quarterLevels?.[quarter - 1] ?? version.annualTarget;
}

/**
 * Computes the weekly target a version sets in a quarter. For sum KPIs it is
 * ceil(quarter target / weeks in the quarter), so the weeks never add up to
 * less than the quarter. For average and last-value KPIs it is the quarter's level.
 */
export function versionWeeklyTarget(
  version: TargetVersion,
  kpi: Pick<KpiInput, "aggregation" | "unit">,
  year: FiscalYear,
  quarter: QuarterNumber,
): Decimal {
  const target = quarterTarget(version, kpi.aggregation, quarter);
  if (kpi.aggregation !== "sum") return target;
  return roundWeeklyTarget(target.div(quarterOf(year, quarter).weeks), kpi.unit);
}

/** Sum of the four quarter weights, which must be exactly 1. */
export function quarterWeightSum(weights: readonly Decimal[]): Decimal {
  return sumDecimals(weights);
}

export function quarterWeightsAreValid(weights: readonly Decimal[]): boolean {
  return weights.length === 4 && weights.every((weight) => weight.compare(ZERO) >= 0) && quarterWeightSum(weights).equals(ONE);
}

function compareIsoDates(a: IsoDate, b: IsoDate): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/**
 * Versions ordered by the week they take effect in. Versions taking effect in
 * the same week keep their input order, so the later one wins.
 */
export function orderedVersions(kpi: Pick<KpiInput, "targetVersions">, year: FiscalYear): { from: IsoDate; version: TargetVersion }[] {
  return kpi.targetVersions
    .map((version) => ({ from: weekStartOf(year.settings, version.effectiveFrom), version }))
    .sort((a, b) => compareIsoDates(a.from, b.from));
}

/**
 * The version in force on `date`: the latest one whose effective week starts
 * on or before it. Dates before the first version use the first version, so a
 * KPI always has a target once it has any version. Returns null only for a
 * KPI without versions (a band KPI).
 */
export function versionInForce(
  kpi: Pick<KpiInput, "targetVersions">,
  year: FiscalYear,
  date: IsoDate,
): TargetVersion | null {
  parseIsoDate(date);
  return versionAt(orderedVersions(kpi, year), date);
}

function versionAt(ordered: readonly { from: IsoDate; version: TargetVersion }[], date: IsoDate): TargetVersion | null {
  let inForce = ordered[0]?.version ?? null;
  for (const { from, version } of ordered) {
    if (from <= date) inForce = version;
  }
  return inForce;
}

export interface WeekTarget {
  week: FiscalWeek;
  /** Null for band KPIs, which have bounds instead of a target. */
  target: Decimal | null;
  overridden: boolean;
}

/** Overrides keyed by the start of the week they fall in; a later override of the same week wins. */
export function overridesByWeek(kpi: Pick<KpiInput, "weeklyOverrides">, year: FiscalYear): Map<IsoDate, Decimal> {
  const byWeek = new Map<IsoDate, Decimal>();
  for (const override of kpi.weeklyOverrides) {
    byWeek.set(weekStartOf(year.settings, override.week), override.target);
  }
  return byWeek;
}

type TargetKpi = Pick<KpiInput, "aggregation" | "unit" | "direction" | "targetVersions" | "weeklyOverrides">;

function targetOfWeek(
  kpi: TargetKpi,
  year: FiscalYear,
  week: FiscalWeek,
  overrides: Map<IsoDate, Decimal>,
  versions: readonly { from: IsoDate; version: TargetVersion }[],
): WeekTarget {
  if (isBandKpi(kpi)) return { week, target: null, overridden: false };
  const override = overrides.get(week.start);
  if (override !== undefined) return { week, target: override, overridden: true };
  const version = versionAt(versions, week.start);
  const target = version === null ? null : versionWeeklyTarget(version, kpi, year, week.quarter);
  return { week, target, overridden: false };
}

/** Looks up the target in force in one week: its override if it has one, else the version's weekly target. */
export function weeklyTargetInForce(kpi: TargetKpi, year: FiscalYear, week: FiscalWeek): WeekTarget {
  return targetOfWeek(kpi, year, week, overridesByWeek(kpi, year), orderedVersions(kpi, year));
}

/** Lists the target in force in every week of the fiscal year, overrides included. */
export function weeklyTargets(kpi: TargetKpi, year: FiscalYear): WeekTarget[] {
  const overrides = overridesByWeek(kpi, year);
  const versions = orderedVersions(kpi, year);
  return year.weeks.map((week) => targetOfWeek(kpi, year, week, overrides, versions));
}

export interface QuarterTargetRow {
  quarter: QuarterNumber;
  start: IsoDate;
  weeks: number;
  /** Exact target of the version in force at the quarter's first week; null for band KPIs. */
  target: Decimal | null;
  /** That version's weekly target, before overrides. */
  weeklyTarget: Decimal | null;
}

export function quarterTargets(
  kpi: Pick<KpiInput, "aggregation" | "unit" | "direction" | "targetVersions">,
  year: FiscalYear,
): QuarterTargetRow[] {
  return year.quarters.map((quarter) => {
    const version = isBandKpi(kpi) ? null : versionInForce(kpi, year, quarter.start);
    return {
      quarter: quarter.quarter,
      start: quarter.start,
      weeks: quarter.weeks,
      target: version === null ? null : quarterTarget(version, kpi.aggregation, quarter.quarter),
      weeklyTarget: version === null ? null : versionWeeklyTarget(version, kpi, year, quarter.quarter),
    };
  });
}

/** Tells whether `date` lies inside the fiscal year. */
export function isInYear(year: FiscalYear, date: IsoDate): boolean {
  return weekContaining(year, date) !== null;
}
