import { sumDecimals, type Decimal } from "./decimal";
import { fiscalYearByLabel, weekContaining, weekStartOf, type FiscalYear } from "./calendar";
import type { CalendarSettings, IsoDate, KpiInput } from "./types";

/**
 * Re-bucketing of actuals when the week start day or the fiscal start month
 * changes. Each entry moves to the new week that contains the date it carries
 * (in the product, the start of the week it was stored under). The report
 * lists every new week whose total is not simply one old week's total carried
 * over, so nothing moves between weeks without the user seeing it.
 */

export interface RebucketSource {
  /** Start of the week the entries were in under the old settings. */
  week: IsoDate;
  /** That old week's whole total. */
  total: Decimal;
  /** Part of that total that lands in the new week. */
  moved: Decimal;
}

export interface RebucketedEntry {
  date: IsoDate;
  value: Decimal;
  previousWeek: IsoDate;
}

export interface RebucketChange {
  kpiKey: string;
  /** Start of the week under the new settings. */
  week: IsoDate;
  /** Whether the new week lies in fiscal year `labelYear` under the new settings. */
  inFiscalYear: boolean;
  /** Sum of the entries the new week receives. */
  total: Decimal;
  sources: RebucketSource[];
  entries: RebucketedEntry[];
}

export interface RebucketReport {
  previousYear: FiscalYear;
  year: FiscalYear;
  /** Every new week whose total changes, ordered by KPI, then week. */
  changes: RebucketChange[];
}

function inYear(year: FiscalYear, date: IsoDate): boolean {
  return weekContaining(year, date) !== null;
}

/**
 * Reports, for fiscal year `labelYear`, every week whose total changes when
 * actuals move from the old calendar settings to the new ones. An entry is
 * considered when its date lies in that fiscal year under either settings.
 * A new week is reported when its entries come from more than one old week, or
 * from one old week whose total it does not receive in full.
 */
export function rebucketActuals(
  kpis: readonly Pick<KpiInput, "key" | "actuals">[],
  oldSettings: CalendarSettings,
  newSettings: CalendarSettings,
  labelYear: number,
): RebucketReport {
  const previousYear = fiscalYearByLabel(oldSettings, labelYear);
  const year = fiscalYearByLabel(newSettings, labelYear);
  const changes: RebucketChange[] = [];

  for (const kpi of kpis) {
    const entries = kpi.actuals
      .filter((actual) => inYear(previousYear, actual.week) || inYear(year, actual.week))
      .map((actual) => ({
        date: actual.week,
        value: actual.value,
        previousWeek: weekStartOf(oldSettings, actual.week),
        week: weekStartOf(newSettings, actual.week),
      }));

    const oldTotals = new Map<IsoDate, Decimal[]>();
    const newWeeks = new Map<IsoDate, typeof entries>();
    for (const entry of entries) {
      oldTotals.set(entry.previousWeek, [...(oldTotals.get(entry.previousWeek) ?? []), entry.value]);
      newWeeks.set(entry.week, [...(newWeeks.get(entry.week) ?? []), entry]);
    }

    const weeks = [...newWeeks.keys()].sort();
    for (const week of weeks) {
      const received = newWeeks.get(week) ?? [];
      const sourceWeeks = [...new Set(received.map((entry) => entry.previousWeek))].sort();
      const sources = sourceWeeks.map((sourceWeek) => ({
        week: sourceWeek,
        total: sumDecimals(oldTotals.get(sourceWeek) ?? []),
        moved: sumDecimals(received.filter((entry) => entry.previousWeek === sourceWeek).map((entry) => entry.value)),
      }));
      const single = sources.length === 1 ? sources[0] : undefined;
      const carriedOver = single !== undefined && single.moved.equals(single.total);
      if (carriedOver) continue;
      changes.push({
        kpiKey: kpi.key,
        week,
        inFiscalYear: inYear(year, week),
        total: sumDecimals(received.map((entry) => entry.value)),
        sources,
        entries: received.map(({ date, value, previousWeek }) => ({ date, value, previousWeek })),
      });
    }
  }

  return { previousYear, year, changes };
}
