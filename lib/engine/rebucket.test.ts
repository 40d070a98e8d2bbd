import { describe, expect, it } from "vitest";
import { formatDecimal, parseDecimal as d } from "./decimal";
import { rebucketActuals } from "./rebucket";
import { DEFAULT_CALENDAR, type CalendarSettings, type KpiInput } from "./types";

const monday = DEFAULT_CALENDAR;
const tuesday: CalendarSettings = { ...DEFAULT_CALENDAR, weekStartsOn: "tuesday" };
const sunday: CalendarSettings = { ...DEFAULT_CALENDAR, weekStartsOn: "sunday" };

function kpi(key: string, entries: [string, string][]): Pick<KpiInput, "key" | "actuals"> {
  return { key, actuals: entries.map(([week, value]) => ({ week, value: d(value), note: null })) };
}

describe("rebucketActuals", () => {
  it("week-start entries keep totals", () => {
    // Entries stored under Monday starts: each Monday moves whole into one Sunday week.
    const report = rebucketActuals([kpi("a", [["2027-01-04", "5"], ["2027-01-11", "7"]])], monday, sunday, 2027);
    expect(report.changes).toEqual([]);
  });

  it("merging weeks is reported", () => {
    // Wednesday 2027-01-06 and Monday 2027-01-11 share the Tuesday week 2027-01-05.
    const report = rebucketActuals([kpi("a", [["2027-01-06", "5"], ["2027-01-11", "7"]])], monday, tuesday, 2027);
    expect(report.changes).toHaveLength(1);
    const change = report.changes[0];
    expect(change?.kpiKey).toBe("a");
    expect(change?.week).toBe("2027-01-05");
    expect(formatDecimal(change!.total)).toBe("12");
    expect(change?.sources.map((source) => source.week)).toEqual(["2027-01-04", "2027-01-11"]);
    expect(change?.entries.map((entry) => entry.previousWeek)).toEqual(["2027-01-04", "2027-01-11"]);
  });

  it("splitting a week is reported", () => {
    // Two entries in the Monday week 2027-01-04 land in different Sunday weeks.
    const report = rebucketActuals([kpi("a", [["2027-01-04", "5"], ["2027-01-10", "7"]])], monday, sunday, 2027);
    expect(report.changes.map((change) => change.week)).toEqual(["2027-01-03", "2027-01-10"]);
    const first = report.changes[0]?.sources[0];
    expect(formatDecimal(first!.total)).toBe("12");
    expect(formatDecimal(first!.moved)).toBe("5");
  });

  it("reports per KPI", () => {
    const report = rebucketActuals(
      [kpi("a", [["2027-01-06", "1"], ["2027-01-11", "1"]]), kpi("b", [["2027-01-06", "1"], ["2027-01-11", "1"]])],
      monday,
      tuesday,
      2027,
    );
    expect(report.changes.map((change) => change.kpiKey)).toEqual(["a", "b"]);
  });

  it("ignores other fiscal years", () => {
    const report = rebucketActuals([kpi("a", [["2025-06-04", "5"], ["2025-06-09", "7"]])], monday, tuesday, 2027);
    expect(report.changes).toEqual([]);
  });

  it("marks weeks leaving the year", () => {
    // FY2027 with Tuesday weeks and a February start runs 2026-02-03 .. 2027-02-01,
    // so the merged Tuesday week 2027-02-02 belongs to FY2028.
    const february: CalendarSettings = { ...tuesday, fiscalYearStartMonth: 2 };
    const report = rebucketActuals([kpi("a", [["2027-02-03", "5"], ["2027-02-08", "7"]])], monday, february, 2027);
    expect(report.year.start).toBe("2026-02-03");
    expect(report.year.end).toBe("2027-02-01");
    expect(report.changes[0]?.week).toBe("2027-02-02");
    expect(report.changes[0]?.inFiscalYear).toBe(false);
  });

  it("rejects invalid settings", () => {
    expect(() => rebucketActuals([], monday, { ...monday, fiscalYearStartMonth: 0 }, 2027)).toThrow(/month 0/);
  });
});
