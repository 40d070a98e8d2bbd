import { Temporal } from "temporal-polyfill";
import type { CalendarSettings, IsoDate, MonthPattern, Weekday } from "./types";
import { WEEKDAYS } from "./types";

/**
 * The 52–53-week fiscal calendar. Fiscal year Y starts on the week-start day
 * nearest to the first day of its start month and ends the day before the
 * next fiscal year starts, so every fiscal year is a whole number of weeks.
 */

export type QuarterNumber = 1 | 2 | 3 | 4;

export interface FiscalWeek {
  /** 0-based position in the fiscal year. */
  index: number;
  start: IsoDate;
  /** Last day of the week. */
  end: IsoDate;
  quarter: QuarterNumber;
  /** Fiscal month, 1..12 (1 is the first month of the fiscal year). */
  month: number;
}

export interface FiscalMonth {
  start: IsoDate;
  weeks: number;
}

export interface FiscalQuarter {
  quarter: QuarterNumber;
  start: IsoDate;
  end: IsoDate;
  weeks: number;
  months: FiscalMonth[];
}

export interface FiscalYear {
  labelYear: number;
  /** For example "FY2027". */
  label: string;
  start: IsoDate;
  end: IsoDate;
  weeks: FiscalWeek[];
  quarters: FiscalQuarter[];
  /** Settings the year was built with, so week lookups use the same week start. */
  settings: CalendarSettings;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WEEKS_PER_QUARTER = 13;
const MONTH_PATTERNS: Record<MonthPattern, readonly [number, number, number]> = {
  "4-4-5": [4, 4, 5],
  "4-5-4": [4, 5, 4],
  "5-4-4": [5, 4, 4],
};

export class CalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CalendarError";
  }
}

// Scorecards look at the same few hundred dates over and over, and building a
// Temporal.PlainDate each time dominated the engine's run time. Results are
// pure functions of their keys, so each is computed once and remembered; a
// full cache starts over rather than growing without bound.
const DATE_CACHE_LIMIT = 20_000;
const parsedDates = new Map<string, Temporal.PlainDate>();
const epochDays = new Map<string, number>();
const weekStarts = new Map<string, IsoDate>();

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= DATE_CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

/** Parses a `YYYY-MM-DD` calendar date, rejecting impossible dates such as 2027-02-30. */
export function parseIsoDate(text: string): Temporal.PlainDate {
  const cached = parsedDates.get(text);
  if (cached !== undefined) return cached;
  if (typeof text !== "string" || !ISO_DATE.test(text)) {
    throw new CalendarError(`"${String(text)}" is not a date; write it as YYYY-MM-DD, for example 2027-01-04`);
  }
  let parsed: Temporal.PlainDate;
  try {
    parsed = Temporal.PlainDate.from(text, { overflow: "reject" });
  } catch {
    throw new CalendarError(`"${text}" is not a real calendar date; check the month and day`);
  }
  remember(parsedDates, text, parsed);
  return parsed;
}

export function isIsoDate(text: unknown): text is IsoDate {
  if (typeof text !== "string") return false;
  try {
    parseIsoDate(text);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return parseIsoDate(date).add({ days }).toString();
}

/** Days from `from` to `to`, negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return epochDay(to) - epochDay(from);
}


/** Days from 1970-01-01 to a validated calendar date (proleptic Gregorian). */
export function epochDay(date: IsoDate): number {
  const cached = epochDays.get(date);
  if (cached !== undefined) return cached;
  const parsed = parseIsoDate(date);
  const day = daysFromCivil(parsed.year, parsed.month, parsed.day);
  remember(epochDays, date, day);
  return day;
}

/** Integer day count of a civil date, after Howard Hinnant's days_from_civil. */
function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** ISO weekday number of a week-start setting: Monday 1 … Sunday 7. */
export function weekdayNumber(day: Weekday): number {
  const position = WEEKDAYS.indexOf(day);
  if (position < 0) {
    throw new CalendarError(`"${String(day)}" is not a weekday; use one of ${WEEKDAYS.join(", ")}`);
  }
  return position + 1;
}

/** Throws a CalendarError naming the first invalid setting. */
export function validateCalendarSettings(settings: CalendarSettings): void {
  const month = settings.fiscalYearStartMonth;
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new CalendarError(
      `fiscal year start month ${String(month)} is invalid; use a whole number from 1 (January) to 12 (December)`,
    );
  }
  weekdayNumber(settings.weekStartsOn);
  if (settings.fiscalYearNaming !== "start" && settings.fiscalYearNaming !== "end") {
    throw new CalendarError(
      `fiscal year naming "${String(settings.fiscalYearNaming)}" is invalid; use "start" or "end"`,
    );
  }
  if (!Object.hasOwn(MONTH_PATTERNS, settings.monthPattern)) {
    throw new CalendarError(
      `month pattern "${String(settings.monthPattern)}" is invalid; use "4-4-5", "4-5-4" or "5-4-4"`,
    );
  }
}

/** Start of the week that contains `date`. */
export function weekStartOf(settings: CalendarSettings, date: IsoDate): IsoDate {
  const key = `${settings.weekStartsOn}|${date}`;
  const cached = weekStarts.get(key);
  if (cached !== undefined) return cached;
  const day = parseIsoDate(date);
  const daysSinceStart = (day.dayOfWeek - weekdayNumber(settings.weekStartsOn) + 7) % 7;
  const start = day.subtract({ days: daysSinceStart }).toString();
  remember(weekStarts, key, start);
  return start;
}

/**
 * Finds the week-start day nearest to `date`. The previous week start is 0–6
 * days back, so the nearer one is at most three days away and there is never a tie.
 */
function nearestWeekStart(settings: CalendarSettings, date: Temporal.PlainDate): Temporal.PlainDate {
  const daysSinceStart = (date.dayOfWeek - weekdayNumber(settings.weekStartsOn) + 7) % 7;
  return daysSinceStart <= 3
    ? date.subtract({ days: daysSinceStart })
    : date.add({ days: 7 - daysSinceStart });
}

/** Calendar year of the first nominal month of the fiscal year with this label. */
function firstCalendarYear(settings: CalendarSettings, labelYear: number): number {
  const crossesNewYear = settings.fiscalYearStartMonth > 1;
  return settings.fiscalYearNaming === "end" && crossesNewYear ? labelYear - 1 : labelYear;
}

function labelOf(settings: CalendarSettings, firstYear: number): number {
  const crossesNewYear = settings.fiscalYearStartMonth > 1;
  return settings.fiscalYearNaming === "end" && crossesNewYear ? firstYear + 1 : firstYear;
}

function startOfYearBeginningIn(settings: CalendarSettings, calendarYear: number): Temporal.PlainDate {
  const firstOfMonth = Temporal.PlainDate.from({
    year: calendarYear,
    month: settings.fiscalYearStartMonth,
    day: 1,
  });
  return nearestWeekStart(settings, firstOfMonth);
}

/** Builds the fiscal year named `labelYear` under the organization's naming rule. */
export function fiscalYearByLabel(settings: CalendarSettings, labelYear: number): FiscalYear {
  validateCalendarSettings(settings);
  if (!Number.isInteger(labelYear) || labelYear < 2 || labelYear > 9998) {
    throw new CalendarError(`fiscal year ${String(labelYear)} is invalid; use a whole year such as 2027`);
  }

  const firstYear = firstCalendarYear(settings, labelYear);
  const start = startOfYearBeginningIn(settings, firstYear);
  const nextStart = startOfYearBeginningIn(settings, firstYear + 1);
  const weekCount = start.until(nextStart, { largestUnit: "days" }).days / 7;

  const quarterSizes = [WEEKS_PER_QUARTER, WEEKS_PER_QUARTER, WEEKS_PER_QUARTER, weekCount - 3 * WEEKS_PER_QUARTER];
  const monthPattern = MONTH_PATTERNS[settings.monthPattern];

  const weeks: FiscalWeek[] = [];
  const quarters: FiscalQuarter[] = [];
  let weekStart = start;
  quarterSizes.forEach((quarterWeeks, quarterIndex) => {
    const quarter = (quarterIndex + 1) as QuarterNumber;
    const quarterStart = weekStart;
    const months: FiscalMonth[] = [];
    monthPattern.forEach((patternWeeks, monthIndex) => {
      // The 53rd week of a long year joins the last month of the fourth quarter.
      const isLastMonth = monthIndex === monthPattern.length - 1;
      const monthWeeks = isLastMonth ? quarterWeeks - (WEEKS_PER_QUARTER - patternWeeks) : patternWeeks;
      months.push({ start: weekStart.toString(), weeks: monthWeeks });
      for (let i = 0; i < monthWeeks; i += 1) {
        weeks.push({
          index: weeks.length,
          start: weekStart.toString(),
          end: weekStart.add({ days: 6 }).toString(),
          quarter,
          month: quarterIndex * 3 + monthIndex + 1,
        });
        weekStart = weekStart.add({ days: 7 });
      }
    });
    quarters.push({
      quarter,
      start: quarterStart.toString(),
      end: weekStart.subtract({ days: 1 }).toString(),
      weeks: quarterWeeks,
      months,
    });
  });

  return {
    labelYear,
    label: `FY${labelYear}`,
    start: start.toString(),
    end: nextStart.subtract({ days: 1 }).toString(),
    weeks,
    quarters,
    settings,
  };
}

/** Builds the fiscal year that contains `date`. */
export function fiscalYearContaining(settings: CalendarSettings, date: IsoDate): FiscalYear {
  validateCalendarSettings(settings);
  const day = parseIsoDate(date);
  // The year starting in this calendar year begins at most three days before
  // the first of the start month, so the containing year is this one or a neighbour.
  let firstYear = day.year;
  if (Temporal.PlainDate.compare(day, startOfYearBeginningIn(settings, firstYear)) < 0) {
    firstYear -= 1;
  } else if (Temporal.PlainDate.compare(day, startOfYearBeginningIn(settings, firstYear + 1)) >= 0) {
    firstYear += 1;
  }
  return fiscalYearByLabel(settings, labelOf(settings, firstYear));
}

/** Finds the fiscal week of `year` that contains `date`, or null outside the year. */
export function weekContaining(year: FiscalYear, date: IsoDate): FiscalWeek | null {
  const offset = daysBetween(year.start, date);
  if (offset < 0) return null;
  return year.weeks[Math.floor(offset / 7)] ?? null;
}

/** Weeks of `year` that ended before `asOf`; the week in progress is not elapsed. */
export function elapsedWeeks(year: FiscalYear, asOf: IsoDate): FiscalWeek[] {
  parseIsoDate(asOf);
  return year.weeks.filter((week) => week.end < asOf);
}

/** Finds the quarter of `year` that contains `asOf`, or null when `asOf` is outside the year. */
export function currentQuarter(year: FiscalYear, asOf: IsoDate): FiscalQuarter | null {
  const week = weekContaining(year, asOf);
  if (week === null) return null;
  return year.quarters[week.quarter - 1] ?? null;
}

export function quarterOf(year: FiscalYear, quarter: QuarterNumber): FiscalQuarter {
  const found = year.quarters[quarter - 1];
  if (found === undefined) throw new CalendarError(`quarter ${quarter} does not exist; use 1 to 4`);
  return found;
}

export function weeksOfQuarter(year: FiscalYear, quarter: QuarterNumber): FiscalWeek[] {
  return year.weeks.filter((week) => week.quarter === quarter);
}
