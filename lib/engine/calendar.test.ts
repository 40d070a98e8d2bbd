import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import {
  addDays,
  currentQuarter,
  daysBetween,
  epochDay,
  elapsedWeeks,
  fiscalYearByLabel,
  fiscalYearContaining,
  isIsoDate,
  parseIsoDate,
  quarterOf,
  weekContaining,
  weekStartOf,
  weekdayNumber,
  weeksOfQuarter,
} from "./calendar";
import { DEFAULT_CALENDAR, WEEKDAYS, type CalendarSettings, type MonthPattern, type Weekday } from "./types";

const settings = (overrides: Partial<CalendarSettings> = {}): CalendarSettings => ({ ...DEFAULT_CALENDAR, ...overrides });

describe("fiscalYearByLabel", () => {
  it("FY2026 is the 53-week ISO year", () => {
    const year = fiscalYearByLabel(DEFAULT_CALENDAR, 2026);
    expect(year.label).toBe("FY2026");
    expect(year.start).toBe("2025-12-29");
    expect(year.end).toBe("2027-01-03");
    expect(year.weeks).toHaveLength(53);
  });

  it("FY2027 is the 52-week ISO year", () => {
    const year = fiscalYearByLabel(DEFAULT_CALENDAR, 2027);
    expect(year.start).toBe("2027-01-04");
    expect(year.end).toBe("2028-01-02");
    expect(year.weeks).toHaveLength(52);
  });

  it("FY2027 quarters and 4-4-5 months", () => {
    const year = fiscalYearByLabel(DEFAULT_CALENDAR, 2027);
    expect(year.quarters.map((q) => [q.start, q.end, q.weeks])).toEqual([
      ["2027-01-04", "2027-04-04", 13],
      ["2027-04-05", "2027-07-04", 13],
      ["2027-07-05", "2027-10-03", 13],
      ["2027-10-04", "2028-01-02", 13],
    ]);
    expect(year.quarters[1]?.months).toEqual([
      { start: "2027-04-05", weeks: 4 },
      { start: "2027-05-03", weeks: 4 },
      { start: "2027-05-31", weeks: 5 },
    ]);
  });

  it("53rd week joins Q4 last month", () => {
    const year = fiscalYearByLabel(DEFAULT_CALENDAR, 2026);
    const q4 = quarterOf(year, 4);
    expect(q4.weeks).toBe(14);
    expect(q4.months.map((m) => m.weeks)).toEqual([4, 4, 6]);
    expect(q4.end).toBe("2027-01-03");
    const last = year.weeks[52];
    expect(last?.start).toBe("2026-12-28");
    expect(last?.quarter).toBe(4);
    expect(last?.month).toBe(12);
    expect(weeksOfQuarter(year, 4)).toHaveLength(14);
  });

  it.each<[MonthPattern, number[], number[]]>([
    ["4-4-5", [4, 4, 5], [4, 4, 6]],
    ["4-5-4", [4, 5, 4], [4, 5, 5]],
    ["5-4-4", [5, 4, 4], [5, 4, 5]],
  ])("month pattern %s", (monthPattern, normal, long) => {
    const year = fiscalYearByLabel(settings({ monthPattern }), 2026);
    expect(quarterOf(year, 1).months.map((m) => m.weeks)).toEqual(normal);
    expect(quarterOf(year, 4).months.map((m) => m.weeks)).toEqual(long);
    const monthStarts = year.quarters.flatMap((q) => q.months.map((m) => m.start));
    const firstWeeks = monthStarts.map((start) => year.weeks.find((w) => w.start === start)?.month);
    expect(firstWeeks).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it("naming by end month", () => {
    const year = fiscalYearByLabel(settings({ fiscalYearStartMonth: 2, fiscalYearNaming: "end" }), 2028);
    expect(year.label).toBe("FY2028");
    expect(year.start).toBe("2027-02-01");
    expect(year.end).toBe("2028-01-30");
  });

  it("naming by start month", () => {
    const year = fiscalYearByLabel(settings({ fiscalYearStartMonth: 2, fiscalYearNaming: "start" }), 2027);
    expect(year.label).toBe("FY2027");
    expect(year.start).toBe("2027-02-01");
  });

  it("January naming agrees both ways", () => {
    const byEnd = fiscalYearByLabel(settings({ fiscalYearNaming: "end" }), 2027);
    const byStart = fiscalYearByLabel(settings({ fiscalYearNaming: "start" }), 2027);
    expect(byStart.start).toBe(byEnd.start);
    expect(byStart.end).toBe(byEnd.end);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])("start month %i", (month) => {
    for (const naming of ["start", "end"] as const) {
      const year = fiscalYearByLabel(settings({ fiscalYearStartMonth: month, fiscalYearNaming: naming }), 2030);
      const firstYear = naming === "end" && month > 1 ? 2029 : 2030;
      const firstOfMonth = Temporal.PlainDate.from({ year: firstYear, month, day: 1 }).toString();
      expect(Math.abs(daysBetween(firstOfMonth, year.start))).toBeLessThanOrEqual(3);
      expect(parseIsoDate(year.start).dayOfWeek).toBe(1);
      expect(fiscalYearContaining(year.settings, addDays(firstOfMonth, 3)).labelYear).toBe(2030);
      expect(fiscalYearContaining(year.settings, addDays(year.start, -1)).labelYear).toBe(2029);
    }
  });

  it.each(WEEKDAYS.map((day) => [day]))("week start %s", (weekStartsOn: Weekday) => {
    const year = fiscalYearByLabel(settings({ weekStartsOn }), 2027);
    expect(parseIsoDate(year.start).dayOfWeek).toBe(weekdayNumber(weekStartsOn));
    expect(Math.abs(daysBetween("2027-01-01", year.start))).toBeLessThanOrEqual(3);
    expect(year.weeks.every((week) => parseIsoDate(week.start).dayOfWeek === weekdayNumber(weekStartsOn))).toBe(true);
  });

  it("Friday start takes Jan 1 2027", () => {
    // 2027-01-01 is a Friday, so a Friday-start year begins on that very day.
    expect(fiscalYearByLabel(settings({ weekStartsOn: "friday" }), 2027).start).toBe("2027-01-01");
  });

  it("Sunday start picks nearer Sunday", () => {
    // 2027-01-01 is a Friday: the Sunday before is 5 days back, the one after 2 days ahead.
    expect(fiscalYearByLabel(settings({ weekStartsOn: "sunday" }), 2027).start).toBe("2027-01-03");
  });

  it.each<[string, unknown]>([
    ["month 0", { fiscalYearStartMonth: 0 }],
    ["month 13", { fiscalYearStartMonth: 13 }],
    ["month 1.5", { fiscalYearStartMonth: 1.5 }],
    ["weekday", { weekStartsOn: "funday" }],
    ["naming", { fiscalYearNaming: "middle" }],
    ["pattern", { monthPattern: "3-5-5" }],
  ])("rejects invalid %s", (_, overrides) => {
    expect(() => fiscalYearByLabel(settings(overrides as Partial<CalendarSettings>), 2027)).toThrow(/invalid|not a weekday/);
  });

  it("error names the month", () => {
    expect(() => fiscalYearByLabel(settings({ fiscalYearStartMonth: 13 }), 2027)).toThrow(/13/);
  });

  it("rejects fractional label year", () => {
    expect(() => fiscalYearByLabel(DEFAULT_CALENDAR, 2027.5)).toThrow(/2027\.5/);
  });
});

describe("dates", () => {
  it.each(["2027-02-30", "2027-2-3", "27-01-01", "2027-13-01", ""])("rejects %j", (text) => {
    expect(() => parseIsoDate(text)).toThrow(text === "" ? /""/ : text);
    expect(isIsoDate(text)).toBe(false);
  });

  it("accepts a leap day", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate(20280229)).toBe(false);
  });

  it("adds and counts days", () => {
    expect(addDays("2027-12-30", 3)).toBe("2028-01-02");
    expect(daysBetween("2027-01-04", "2027-01-01")).toBe(-3);
  });
});

describe("weekStartOf", () => {
  it.each<[Weekday, string]>([
    ["monday", "2027-01-04"],
    ["tuesday", "2027-01-05"],
    ["wednesday", "2027-01-06"],
    ["thursday", "2026-12-31"],
    ["friday", "2027-01-01"],
    ["saturday", "2027-01-02"],
    ["sunday", "2027-01-03"],
  ])("%s weeks", (weekStartsOn, expected) => {
    // 2027-01-06 is a Wednesday.
    expect(weekStartOf(settings({ weekStartsOn }), "2027-01-06")).toBe(expected);
  });

  it("start day is its own start", () => {
    expect(weekStartOf(DEFAULT_CALENDAR, "2027-01-04")).toBe("2027-01-04");
  });
});

describe("week lookups", () => {
  const year = fiscalYearByLabel(DEFAULT_CALENDAR, 2027);

  it("first day is week 0", () => {
    expect(weekContaining(year, "2027-01-04")?.index).toBe(0);
  });

  it("calendar Jan 1 is outside", () => {
    expect(weekContaining(year, "2027-01-03")).toBeNull();
    expect(weekContaining(year, "2027-01-01")).toBeNull();
  });

  it("last day is the last week", () => {
    expect(weekContaining(year, "2028-01-02")?.index).toBe(51);
    expect(weekContaining(year, "2028-01-03")).toBeNull();
  });

  it("Sunday belongs to its Monday", () => {
    expect(weekContaining(year, "2027-01-10")?.start).toBe("2027-01-04");
  });

  it("elapsed excludes week in progress", () => {
    expect(elapsedWeeks(year, "2027-01-10")).toHaveLength(0);
    expect(elapsedWeeks(year, "2027-01-11")).toHaveLength(1);
    expect(elapsedWeeks(year, "2027-02-15")).toHaveLength(6);
    expect(elapsedWeeks(year, "2028-01-03")).toHaveLength(52);
  });

  it("current quarter contains asOf", () => {
    expect(currentQuarter(year, "2027-04-04")?.quarter).toBe(1);
    expect(currentQuarter(year, "2027-04-05")?.quarter).toBe(2);
    expect(currentQuarter(year, "2028-01-02")?.quarter).toBe(4);
  });

  it("current quarter outside year", () => {
    expect(currentQuarter(year, "2026-12-31")).toBeNull();
    expect(currentQuarter(year, "2028-01-03")).toBeNull();
  });

  it("quarterOf rejects quarter 5", () => {
    expect(() => quarterOf(year, 5 as 1)).toThrow(/quarter 5/);
  });
});

const settingsArbitrary = fc.record({
  fiscalYearStartMonth: fc.integer({ min: 1, max: 12 }),
  weekStartsOn: fc.constantFrom(...WEEKDAYS),
  fiscalYearNaming: fc.constantFrom("start" as const, "end" as const),
  monthPattern: fc.constantFrom("4-4-5" as const, "4-5-4" as const, "5-4-4" as const),
});

describe("calendar properties", () => {
  it("years tile the timeline", () => {
    fc.assert(
      fc.property(settingsArbitrary, fc.integer({ min: 1900, max: 2200 }), (calendar, label) => {
        const year = fiscalYearByLabel(calendar, label);
        const next = fiscalYearByLabel(calendar, label + 1);
        expect(addDays(year.end, 1)).toBe(next.start);
        expect([52, 53]).toContain(year.weeks.length);
        year.weeks.forEach((week, index) => {
          expect(week.index).toBe(index);
          expect(daysBetween(week.start, week.end)).toBe(6);
          const following = year.weeks[index + 1];
          if (following !== undefined) expect(addDays(week.end, 1)).toBe(following.start);
        });
        expect(year.weeks[0]?.start).toBe(year.start);
        expect(year.weeks.at(-1)?.end).toBe(year.end);
        expect(year.quarters.reduce((total, q) => total + q.weeks, 0)).toBe(year.weeks.length);
      }),
      { numRuns: 200 },
    );
  });

  it("containing year contains the date", () => {
    const dates = fc.integer({ min: 0, max: 365 * 200 }).map((offset) => addDays("1901-01-01", offset));
    fc.assert(
      fc.property(settingsArbitrary, dates, (calendar, date) => {
        const year = fiscalYearContaining(calendar, date);
        expect(year.start <= date).toBe(true);
        expect(date <= year.end).toBe(true);
        expect(weekContaining(year, date)?.start).toBe(weekStartOf(calendar, date));
      }),
      { numRuns: 300 },
    );
  });

  it("default weeks equal ISO 8601 weeks", () => {
    for (let label = 1990; label <= 2100; label += 1) {
      const year = fiscalYearByLabel(DEFAULT_CALENDAR, label);
      const isoWeeks = Temporal.PlainDate.from({ year: label, month: 12, day: 28 }).weekOfYear;
      expect(year.weeks).toHaveLength(isoWeeks ?? -1);
      for (const week of year.weeks) {
        const start = parseIsoDate(week.start);
        expect(start.dayOfWeek).toBe(1);
        expect(start.yearOfWeek).toBe(label);
        expect(start.weekOfYear).toBe(week.index + 1);
        expect(parseIsoDate(week.end).weekOfYear).toBe(week.index + 1);
      }
    }
  });

  it("random dates match ISO weeks", () => {
    const dates = fc.integer({ min: 0, max: 365 * 111 }).map((offset) => parseIsoDate("1990-01-01").add({ days: offset }));
    fc.assert(
      fc.property(dates, (date) => {
        const year = fiscalYearContaining(DEFAULT_CALENDAR, date.toString());
        expect(year.labelYear).toBe(date.yearOfWeek);
        expect((weekContaining(year, date.toString())?.index ?? -1) + 1).toBe(date.weekOfYear);
      }),
      { numRuns: 500 },
    );
  });
});

describe("epochDay", () => {
  it.each([
    ["1970-01-01", 0],
    ["1970-01-02", 1],
    ["1969-12-31", -1],
    ["2000-03-01", 11017],
    ["2027-01-04", 20822],
  ])("%s is day %i", (date, expected) => {
    expect(epochDay(date)).toBe(expected);
  });

  it("agrees with Temporal across leap years", () => {
    fc.assert(
      fc.property(fc.integer({ min: -30000, max: 60000 }), (offset) => {
        const date = Temporal.PlainDate.from("1970-01-01").add({ days: offset }).toString();
        expect(epochDay(date)).toBe(offset);
      }),
    );
  });

  it("still rejects impossible dates", () => {
    expect(() => epochDay("2027-02-30")).toThrow("not a real calendar date");
  });
});
