import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fiscalYearByLabel } from "./calendar";
import { formatDecimal, parseDecimal as d, type Decimal } from "./decimal";
import {
  computeKpi,
  entriesByWeek,
  evaluateKpi,
  kpiWeekRows,
  monthRollUps,
  paceProjection,
  phaseOf,
  recentWeeklyMean,
  reportingQuarter,
  rollUp,
  staleTarget,
  validateKpiActuals,
  validateKpiSettings,
  type KpiContext,
  type WeekRow,
} from "./kpi";
import { DEFAULT_CALENDAR, type Direction, type KpiInput, type TargetVersion } from "./types";

const year = fiscalYearByLabel(DEFAULT_CALENDAR, 2027);
const weights = (...values: string[]) => values.map(d) as [Decimal, Decimal, Decimal, Decimal];
const text = (value: Decimal | null | undefined) => (value == null ? null : formatDecimal(value));

/** Monday of fiscal week `index` (0-based) of FY2027. */
const week = (index: number) => year.weeks[index]!.start;

function sumVersion(annual: string, effectiveFrom = year.start): TargetVersion {
  return { effectiveFrom, annualTarget: d(annual), quarterWeights: weights("0.2", "0.23", "0.27", "0.3"), quarterLevels: null };
}

function levelVersion(level: string, quarterLevels: TargetVersion["quarterLevels"] = null): TargetVersion {
  return { effectiveFrom: year.start, annualTarget: d(level), quarterWeights: null, quarterLevels };
}

function kpiOf(overrides: Partial<KpiInput> = {}): KpiInput {
  return {
    key: "downloads",
    name: "Gated content downloads",
    branch: "marketing",
    unit: "count",
    aggregation: "sum",
    direction: "at_least",
    targetFromStage: null,
    targetVersions: [sumVersion("16000")],
    band: null,
    tolerance: null,
    blankIsZero: false,
    trendWeeks: 3,
    weeklyOverrides: [],
    ratio: null,
    actuals: [],
    play: null,
    focusArea: null,
    ...overrides,
  };
}

function actuals(values: (string | null)[], firstWeek = 0): KpiInput["actuals"] {
  return values.flatMap((value, offset) => (value === null ? [] : [{ week: week(firstWeek + offset), value: d(value), note: null }]));
}

function contextOf(asOf: string, ...kpis: KpiInput[]): KpiContext {
  return { year, asOf, kpisByKey: new Map(kpis.map((kpi) => [kpi.key, kpi])) };
}

describe("fixture downloads KPI", () => {
  const fixturePath = fileURLToPath(new URL("../../test/fixtures/wehenger.json", import.meta.url));
  const fixture = JSON.parse(readFileSync(fixturePath, "utf8"));
  const source = fixture.kpis[0];
  const expected = fixture.expected.kpis.downloads;
  const calendar = {
    fiscalYearStartMonth: fixture.organization.fiscalYearStartMonth,
    weekStartsOn: fixture.organization.weekStartsOn,
    fiscalYearNaming: fixture.organization.fiscalYearNaming,
    monthPattern: DEFAULT_CALENDAR.monthPattern,
  };
  const fixtureYear = fiscalYearByLabel(calendar, fixture.plan.fiscalYear);
  // The caller resolves targetFromStage into the needed volume of that stage.
  const neededLeads = fixture.expected.funnels[source.funnel].neededVolumes[source.targetFromStage];
  const kpi = kpiOf({
    key: source.key,
    unit: source.unit,
    aggregation: source.aggregation,
    direction: source.direction,
    trendWeeks: source.trendWeeks,
    targetFromStage: { funnel: source.funnel, stage: source.targetFromStage },
    targetVersions: [
      {
        effectiveFrom: fixtureYear.start,
        annualTarget: d(String(neededLeads)),
        quarterWeights: source.quarterWeights.map(d),
        quarterLevels: null,
      },
    ],
    actuals: source.actuals.map((row: { week: string; value: number }) => ({ week: row.week, value: d(String(row.value)), note: null })),
  });
  const result = computeKpi(kpi, { year: fixtureYear, asOf: fixture.asOf, kpisByKey: new Map([[kpi.key, kpi]]) });

  /** Asserts that every key of `subset` is in `actual` with the same value, comparing decimal strings as numbers. */
  function expectSubset(actual: unknown, subset: unknown, path: string): void {
    if (Array.isArray(subset)) {
      expect(Array.isArray(actual), path).toBe(true);
      expect((actual as unknown[]).length, path).toBe(subset.length);
      subset.forEach((item, index) => expectSubset((actual as unknown[])[index], item, `${path}[${index}]`));
    } else if (subset !== null && typeof subset === "object") {
      for (const [key, value] of Object.entries(subset)) {
        expect(actual, path).toHaveProperty([key]);
        expectSubset((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
      }
    } else if (typeof subset === "string" && /^-?\d+(\.\d+)?$/.test(subset)) {
      expect(typeof actual, path).toBe("string");
      expect(d(actual as string).equals(d(subset)), `${path}: ${String(actual)} vs ${subset}`).toBe(true);
    } else {
      expect(actual, path).toEqual(subset);
    }
  }

  it.each(["annualTarget", "quarters", "weeklyStatus", "quarterToDate", "yearToDate", "paceProjection", "flags"])(
    "matches expected %s",
    (key) => {
      expectSubset(result[key as keyof typeof result], expected[key], key);
    },
  );

  it("pace projection values", () => {
    expect(result.paceProjection.projected).toBe("1992.5");
    expect(result.paceProjection.yearEnd.projected).toBe("8135");
  });

  it("band is null", () => {
    expect(result.band).toBeNull();
  });
});

describe("kpiWeekRows", () => {
  // 2027-02-17 is the Wednesday of week index 6 (2027-02-15 .. 2027-02-21).
  const kpi = kpiOf({ actuals: [...actuals(["260"]), { week: "2027-02-16", value: d("50"), note: null }] });
  const rows = kpiWeekRows(kpi, contextOf("2027-02-17", kpi));

  it("covers every week", () => {
    expect(rows).toHaveLength(52);
  });

  it("phases around asOf", () => {
    expect(rows[5]?.phase).toBe("elapsed");
    expect(rows[6]?.phase).toBe("in_progress");
    expect(rows[7]?.phase).toBe("upcoming");
  });

  it("week in progress has no status", () => {
    expect(text(rows[6]?.actual)).toBe("50");
    expect(rows[6]?.status).toBeNull();
    expect(rows[6]?.trend).toBe(false);
  });

  it("upcoming weeks keep targets", () => {
    expect(text(rows[51]?.target)).toBe("370");
    expect(rows[51]?.status).toBeNull();
  });

  it("phase boundary is the week end", () => {
    expect(phaseOf(year.weeks[0]!, "2027-01-10")).toBe("in_progress");
    expect(phaseOf(year.weeks[0]!, "2027-01-11")).toBe("elapsed");
    expect(phaseOf(year.weeks[1]!, "2027-01-10")).toBe("upcoming");
  });

  it("entries outside the year are dropped", () => {
    const outside = kpiOf({ actuals: [{ week: "2027-01-03", value: d("5"), note: null }] });
    expect(entriesByWeek(outside, year).size).toBe(0);
  });

  it("later entry in a week wins", () => {
    const twice = kpiOf({ actuals: [{ week: week(0), value: d("5"), note: null }, { week: "2027-01-08", value: d("7"), note: null }] });
    expect(text(entriesByWeek(twice, year).get(week(0)))).toBe("7");
  });

  it("override shows as overridden", () => {
    const overridden = kpiOf({ weeklyOverrides: [{ week: week(2), target: d("10") }], actuals: actuals([null, null, "10"]) });
    const row = kpiWeekRows(overridden, contextOf("2027-03-01", overridden))[2];
    expect(row?.overridden).toBe(true);
    expect(row?.status).toBe("on_track");
  });

  it("missing band is an error", () => {
    const broken = kpiOf({ direction: "between", targetVersions: [] });
    expect(() => kpiWeekRows(broken, contextOf("2027-03-01", broken))).toThrow(/no band/);
  });

  it("missing target is an error", () => {
    const broken = kpiOf({ targetVersions: [] });
    expect(() => kpiWeekRows(broken, contextOf("2027-03-01", broken))).toThrow(/no target/);
  });

  it("invalid asOf is an error", () => {
    expect(() => kpiWeekRows(kpi, contextOf("2027-02-30", kpi))).toThrow(/2027-02-30/);
  });
});

describe("rollUp sum", () => {
  it("target change mid-quarter", () => {
    // Raised from week 7 (index 6): 6 × 247 + 7 × 308 over the 13 weeks of Q1.
    const kpi = kpiOf({
      targetVersions: [sumVersion("16000"), sumVersion("20000", week(6))],
      actuals: actuals(["100"]),
    });
    const rows = kpiWeekRows(kpi, contextOf("2027-04-05", kpi)).filter((row) => row.quarter === 1);
    const result = rollUp(kpi, rows);
    expect(result.elapsedWeeks).toBe(13);
    expect(text(result.target)).toBe(String(6 * 247 + 7 * 308));
    expect(text(result.actual)).toBe("100");
  });

  it("overrides count in the target", () => {
    const kpi = kpiOf({ weeklyOverrides: [{ week: week(1), target: d("3") }], actuals: actuals(["250"]) });
    const result = rollUp(kpi, kpiWeekRows(kpi, contextOf(week(2), kpi)));
    expect(text(result.target)).toBe("250");
    expect(result.status).toBe("on_track");
  });

  it("exactly at target is on track", () => {
    const kpi = kpiOf({ actuals: actuals(["247", "247"]) });
    expect(rollUp(kpi, kpiWeekRows(kpi, contextOf(week(2), kpi))).status).toBe("on_track");
  });

  it("period without entries", () => {
    const kpi = kpiOf({ actuals: [] });
    const result = rollUp(kpi, kpiWeekRows(kpi, contextOf(week(3), kpi)));
    expect(result.actual).toBeNull();
    expect(text(result.target)).toBe("741");
    expect(result.status).toBe("not_entered");
  });

  it("no elapsed weeks", () => {
    const kpi = kpiOf({ actuals: actuals(["5"]) });
    const result = rollUp(kpi, kpiWeekRows(kpi, contextOf(week(0), kpi)));
    expect(result).toEqual({ elapsedWeeks: 0, actual: null, target: null, status: "not_entered" });
  });

  it("band scales with weeks", () => {
    const kpi = kpiOf({ direction: "between", targetVersions: [], band: { low: d("10"), high: d("20") }, actuals: actuals(["15", "24"]) });
    const rows = kpiWeekRows(kpi, contextOf(week(2), kpi));
    expect(rows[1]?.status).toBe("off_track");
    const result = rollUp(kpi, rows);
    // 39 lies inside 2 × 10 .. 2 × 20.
    expect(result.target).toBeNull();
    expect(result.status).toBe("on_track");
  });
});

describe("rollUp average", () => {
  const kpi = kpiOf({
    unit: "percent",
    aggregation: "average",
    targetVersions: [levelVersion("0.45")],
    actuals: actuals(["0.4", null, "0.5"]),
  });

  it("skips blanks", () => {
    const result = rollUp(kpi, kpiWeekRows(kpi, contextOf(week(3), kpi)));
    expect(text(result.actual)).toBe("0.45");
    expect(text(result.target)).toBe("0.45");
    expect(result.status).toBe("on_track");
  });

  it("blank as zero counts", () => {
    const zeroed = { ...kpi, blankIsZero: true };
    const result = rollUp(zeroed, kpiWeekRows(zeroed, contextOf(week(3), zeroed)));
    expect(text(result.actual)).toBe("0.3");
    expect(result.status).toBe("off_track");
  });

  it("targets of entered weeks only", () => {
    // Q1 level 0.4, Q2 level 0.6: entries in the last Q1 week and the first Q2 week.
    const levels = kpiOf({
      unit: "percent",
      aggregation: "average",
      targetVersions: [levelVersion("0.5", weights("0.4", "0.6", "0.5", "0.5"))],
      actuals: actuals(["0.5", null, "0.5"], 12),
    });
    const result = rollUp(levels, kpiWeekRows(levels, contextOf(week(16), levels)));
    expect(text(result.target)).toBe("0.5");
  });

  it("blank as zero only for elapsed", () => {
    const zeroed = { ...kpi, blankIsZero: true };
    const rows = kpiWeekRows(zeroed, contextOf(week(3), zeroed));
    expect(text(rows[1]?.actual)).toBe("0");
    expect(rows[3]?.actual).toBeNull();
  });
});

describe("monthRollUps", () => {
  it("4-4-5 months of Q1", () => {
    const kpi = kpiOf({ actuals: actuals(["100", "100", "100", "100", "50"]) });
    const months = monthRollUps(kpi, contextOf(week(6), kpi));
    expect(months).toHaveLength(12);
    expect(months[0]?.start).toBe("2027-01-04");
    expect(months[0]?.elapsedWeeks).toBe(4);
    expect(text(months[0]?.actual)).toBe("400");
    expect(text(months[0]?.target)).toBe("988");
    expect(months[1]?.elapsedWeeks).toBe(2);
    expect(text(months[1]?.actual)).toBe("50");
    expect(months[2]?.status).toBe("not_entered");
  });
});

describe("rollUp last value", () => {
  it("latest entry and its target", () => {
    const kpi = kpiOf({
      aggregation: "last",
      targetVersions: [levelVersion("1000", weights("900", "1000", "1100", "1200"))],
      actuals: actuals(["950", "880", null], 11),
    });
    const rows = kpiWeekRows(kpi, contextOf(week(14), kpi));
    const result = rollUp(kpi, rows);
    expect(text(result.actual)).toBe("880");
    expect(text(result.target)).toBe("900");
    expect(result.status).toBe("off_track");
  });
});

describe("ratio KPIs", () => {
  const sessions = kpiOf({ key: "sessions", actuals: actuals(["100", "300", "0", null, "50"]) });
  const signups = kpiOf({ key: "signups", actuals: actuals(["10", "90", "5", "5", null]) });
  const rate = kpiOf({
    key: "rate",
    unit: "percent",
    aggregation: "average",
    targetVersions: [levelVersion("0.2")],
    ratio: { numerator: "signups", denominator: "sessions" },
  });
  const context = contextOf(week(5), sessions, signups, rate);
  const rows = kpiWeekRows(rate, context);

  it("weekly ratio", () => {
    expect(text(rows[0]?.actual)).toBe("0.1");
    expect(text(rows[1]?.actual)).toBe("0.3");
  });

  it("zero or blank denominator", () => {
    expect(rows[2]?.status).toBe("not_entered");
    expect(rows[3]?.status).toBe("not_entered");
  });

  it("blank numerator", () => {
    expect(rows[4]?.actual).toBeNull();
  });

  it("rolls up sum over sum", () => {
    const result = evaluateKpi(rate, context).yearToDate;
    expect(text(result.actual)).toBe("0.25");
    expect(text(result.target)).toBe("0.2");
    expect(result.status).toBe("on_track");
  });

  it("numerator blank as zero", () => {
    const zeroSignups = { ...signups, blankIsZero: true };
    const withZero = kpiWeekRows(rate, contextOf(week(5), sessions, zeroSignups, rate));
    expect(text(withZero[4]?.actual)).toBe("0");
  });

  it("unknown KPI gives no values", () => {
    const orphan = { ...rate, ratio: { numerator: "nope", denominator: "sessions" } };
    expect(kpiWeekRows(orphan, contextOf(week(5), sessions, orphan)).every((row) => row.actual === null)).toBe(true);
  });

  it("projection is the roll-up", () => {
    const projection = evaluateKpi(rate, context).paceProjection;
    expect(text(projection.projected)).toBe("0.25");
    expect(text(projection.yearEnd.projected)).toBe("0.25");
  });
});

describe("staleTarget", () => {
  const afterQ1 = "2027-04-05";
  const stale = (values: (string | null)[], asOf = afterQ1, tolerance: Decimal | null = null) => {
    const kpi = kpiOf({ actuals: actuals(values), tolerance });
    return staleTarget(kpiWeekRows(kpi, contextOf(asOf, kpi)), year, asOf);
  };

  it("four on track weeks", () => {
    expect(stale(["300", "300", null, "300", "300"])).toBe(true);
  });

  it("four off track weeks", () => {
    expect(stale(["1", "1", "1", "1"])).toBe(true);
  });

  it("three entered weeks", () => {
    expect(stale(["300", "300", "300"])).toBe(false);
  });

  it("mixed statuses", () => {
    expect(stale(["300", "300", "300", "1"])).toBe(false);
  });

  it("at risk breaks it", () => {
    expect(stale(["1", "1", "1", "240"], afterQ1, d("0.05"))).toBe(false);
  });

  it("quarter not complete", () => {
    expect(stale(["300", "300", "300", "300"], "2027-04-04")).toBe(false);
  });

  it("sparse later quarter keeps flag", () => {
    // Q1 is all on track and Q2 has only two entries, so Q1 decides.
    const values = [...Array(13).fill("300"), "300", "1"];
    expect(stale(values, "2027-07-05")).toBe(true);
  });

  it("latest completed quarter counts", () => {
    // Q1 is all on track, Q2 is mixed.
    const values = [...Array(13).fill("300"), "300", "300", "300", "1"];
    expect(stale(values, "2027-07-05")).toBe(false);
  });
});

describe("paceProjection", () => {
  it("mean of fewer than four", () => {
    const kpi = kpiOf({ actuals: actuals(["100", "200"]) });
    const rows = kpiWeekRows(kpi, contextOf(week(2), kpi));
    expect(text(recentWeeklyMean(rows))).toBe("150");
    const projection = paceProjection(kpi, rows, contextOf(week(2), kpi));
    // 300 + 11 remaining Q1 weeks × 150 against 3,200.
    expect(text(projection.projected)).toBe("1950");
    expect(text(projection.target)).toBe("3200");
    expect(projection.status).toBe("off_track");
    expect(text(projection.yearEnd.projected)).toBe(String(300 + 50 * 150));
  });

  it("no entry has no projection", () => {
    const kpi = kpiOf();
    const projection = paceProjection(kpi, kpiWeekRows(kpi, contextOf(week(3), kpi)), contextOf(week(3), kpi));
    expect(projection.projected).toBeNull();
    expect(projection.status).toBe("not_entered");
    expect(text(projection.target)).toBe("3200");
    expect(projection.yearEnd.projected).toBeNull();
  });

  it("target of version at asOf", () => {
    const kpi = kpiOf({ targetVersions: [sumVersion("16000"), sumVersion("20000", week(2))], actuals: actuals(["300"]) });
    const projection = evaluateKpi(kpi, contextOf(week(3), kpi)).paceProjection;
    expect(text(projection.target)).toBe("4000");
    expect(text(projection.yearEnd.target)).toBe("20000");
  });

  it("exactly on target pace", () => {
    const kpi = kpiOf({ targetVersions: [sumVersion("5200")], actuals: actuals(["80", "80"]) });
    const projection = evaluateKpi(kpi, contextOf(week(2), kpi)).paceProjection;
    // Q1 target 1,040 = 13 × 80.
    expect(text(projection.projected)).toBe("1040");
    expect(projection.status).toBe("on_track");
  });

  it("average uses current roll-up", () => {
    const kpi = kpiOf({
      unit: "percent",
      aggregation: "average",
      targetVersions: [levelVersion("0.45", weights("0.5", "0.45", "0.45", "0.45"))],
      actuals: actuals(["0.4", "0.6"]),
    });
    const projection = evaluateKpi(kpi, contextOf(week(2), kpi)).paceProjection;
    expect(text(projection.projected)).toBe("0.5");
    expect(text(projection.target)).toBe("0.5");
    expect(projection.status).toBe("on_track");
    expect(text(projection.yearEnd.target)).toBe("0.45");
    expect(projection.yearEnd.status).toBe("on_track");
  });

  it("band sum KPI scales the band", () => {
    const kpi = kpiOf({ direction: "between", targetVersions: [], band: { low: d("10"), high: d("20") }, actuals: actuals(["15"]) });
    const projection = evaluateKpi(kpi, contextOf(week(1), kpi)).paceProjection;
    expect(text(projection.projected)).toBe("195");
    expect(projection.target).toBeNull();
    expect(projection.status).toBe("on_track");
  });
});

describe("reportingQuarter", () => {
  it.each<[string, number]>([
    ["2026-12-01", 1],
    ["2027-01-04", 1],
    ["2027-04-05", 2],
    ["2028-01-02", 4],
    ["2028-02-01", 4],
  ])("asOf %s", (asOf, quarter) => {
    expect(reportingQuarter(year, asOf).quarter).toBe(quarter);
  });
});

describe("computeKpi", () => {
  it("band KPI output", () => {
    const kpi = kpiOf({
      direction: "outside",
      targetVersions: [],
      aggregation: "average",
      band: { low: d("10"), high: d("20.50") },
      actuals: actuals(["25"]),
    });
    const result = computeKpi(kpi, contextOf(week(1), kpi));
    expect(result.annualTarget).toBeNull();
    expect(result.band).toEqual({ low: "10", high: "20.5" });
    expect(result.quarters[0]?.target).toBeNull();
    expect(result.weeklyStatus).toEqual([{ week: week(0), target: null, actual: "25", status: "on_track", trend: false }]);
  });

  it("before the year", () => {
    const kpi = kpiOf();
    const result = computeKpi(kpi, contextOf("2026-11-02", kpi));
    expect(result.weeklyStatus).toEqual([]);
    expect(result.quarterToDate).toEqual({ quarter: 1, elapsedWeeks: 0, actual: null, target: null, status: "not_entered" });
    expect(result.paceProjection.projected).toBeNull();
    expect(result.flags).toEqual({ trend: false, staleTarget: false });
  });

  it("after the year", () => {
    const kpi = kpiOf({ actuals: actuals(Array(52).fill("400")) });
    const result = computeKpi(kpi, contextOf("2028-01-10", kpi));
    expect(result.weeklyStatus).toHaveLength(52);
    expect(result.quarterToDate.quarter).toBe(4);
    expect(result.yearToDate.actual).toBe("20800");
    expect(result.paceProjection.yearEnd.projected).toBe("20800");
    expect(result.flags.staleTarget).toBe(true);
  });

  it("average quarter output", () => {
    const kpi = kpiOf({ aggregation: "average", unit: "percent", targetVersions: [levelVersion("0.45")] });
    const result = computeKpi(kpi, contextOf(week(1), kpi));
    expect(result.annualTarget).toBe("0.45");
    expect(result.quarters[2]).toEqual({ quarter: 3, start: "2027-07-05", weeks: 13, target: "0.45", weeklyTarget: "0.45" });
  });
});

describe("validateKpiActuals", () => {
  const asOf = "2027-02-17";

  it("valid actuals pass", () => {
    // The week of 2027-02-15 has started by asOf, so its actual is allowed.
    const kpi = kpiOf({ actuals: actuals(["1", "2"], 5) });
    expect(validateKpiActuals([kpi], year, asOf)).toEqual([]);
  });

  it("week after asOf", () => {
    const kpi = kpiOf({ actuals: [{ week: "2027-02-22", value: d("1"), note: null }] });
    const issues = validateKpiActuals([kpiOf(), kpi], year, asOf);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe("kpis[1].actuals[0].week");
    expect(issues[0]?.message).toMatch(/2027-02-22/);
  });

  it("outside the fiscal year", () => {
    const kpi = kpiOf({ actuals: [{ week: "2027-01-03", value: d("1"), note: null }] });
    const issues = validateKpiActuals([kpi], year, asOf);
    expect(issues[0]?.message).toMatch(/outside fiscal year FY2027/);
  });

  it("two actuals in one week", () => {
    const kpi = kpiOf({
      actuals: [
        { week: "2027-01-04", value: d("1"), note: null },
        { week: "2027-01-05", value: d("1"), note: null },
        { week: "2027-01-10", value: d("1"), note: null },
      ],
    });
    const issues = validateKpiActuals([kpi], year, asOf);
    expect(issues.map((issue) => issue.path)).toEqual(["kpis[0].actuals[1].week", "kpis[0].actuals[2].week"]);
    expect(issues[0]?.message).toMatch(/actuals\[0\]/);
  });

  it("invalid date", () => {
    const kpi = kpiOf({ actuals: [{ week: "2027-02-30", value: d("1"), note: null }] });
    const issues = validateKpiActuals([kpi], year, asOf, "plan.kpis");
    expect(issues).toEqual([{ path: "plan.kpis[0].actuals[0].week", message: expect.stringMatching(/2027-02-30/) }]);
  });
});

describe("validateKpiSettings", () => {
  const paths = (...kpis: KpiInput[]) => validateKpiSettings(kpis, year).map((issue) => issue.path);

  it("valid KPI passes", () => {
    expect(validateKpiSettings([kpiOf()], year)).toEqual([]);
  });

  it("weights sum named", () => {
    const kpi = kpiOf({ targetVersions: [{ ...sumVersion("1"), quarterWeights: weights("0.25", "0.25", "0.25", "0.3") }] });
    const issues = validateKpiSettings([kpi], year);
    expect(issues[0]?.path).toBe("kpis[0].targetVersions[0].quarterWeights");
    expect(issues[0]?.message).toMatch(/1\.05/);
  });

  it("sum KPI without weights", () => {
    expect(paths(kpiOf({ targetVersions: [{ ...sumVersion("1"), quarterWeights: null }] }))).toEqual([
      "kpis[0].targetVersions[0].quarterWeights",
    ]);
  });

  it("invalid effective date", () => {
    expect(paths(kpiOf({ targetVersions: [sumVersion("1", "2027-13-01")] }))).toEqual(["kpis[0].targetVersions[0].effectiveFrom"]);
  });

  it.each<[Direction, string]>([
    ["between", "kpis[0].band"],
    ["at_least", "kpis[0].annualTarget"],
  ])("%s without its goal", (direction, path) => {
    expect(paths(kpiOf({ direction, targetVersions: [] }))).toEqual([path]);
  });

  it("band low above high", () => {
    expect(paths(kpiOf({ direction: "between", targetVersions: [], band: { low: d("2"), high: d("1") } }))).toEqual(["kpis[0].band"]);
  });

  it("negative tolerance and trend", () => {
    expect(paths(kpiOf({ tolerance: d("-0.1"), trendWeeks: 0 }))).toEqual(["kpis[0].tolerance", "kpis[0].trendWeeks"]);
  });

  it("override problems", () => {
    const kpi = kpiOf({
      weeklyOverrides: [
        { week: "2027-01-04", target: d("1") },
        { week: "2027-01-06", target: d("1") },
        { week: "2026-12-01", target: d("1") },
        { week: "2026-02-30", target: d("1") },
      ],
    });
    expect(paths(kpi)).toEqual(["kpis[0].weeklyOverrides[1].week", "kpis[0].weeklyOverrides[2].week", "kpis[0].weeklyOverrides[3].week"]);
  });

  it("override on band KPI", () => {
    const kpi = kpiOf({ direction: "between", targetVersions: [], band: { low: d("1"), high: d("2") }, weeklyOverrides: [{ week: week(0), target: d("1") }] });
    expect(paths(kpi)).toEqual(["kpis[0].weeklyOverrides[0].week"]);
  });

  it("ratio references", () => {
    const inner = kpiOf({ key: "inner", ratio: { numerator: "a", denominator: "b" } });
    const outer = kpiOf({ key: "outer", ratio: { numerator: "outer", denominator: "inner" }, actuals: actuals(["1"]) });
    expect(paths(outer, inner)).toEqual([
      "kpis[0].ratio.numerator",
      "kpis[0].ratio.denominator",
      "kpis[0].actuals",
      "kpis[1].ratio.numerator",
      "kpis[1].ratio.denominator",
    ]);
  });
});

describe("average properties", () => {
  it("blanks never change an average", () => {
    const cell = fc.option(fc.integer({ min: 0, max: 10_000 }).map((n) => String(n / 100)), { nil: null });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 20 }), (values) => {
        const entered = values.filter((value): value is string => value !== null);
        const asOf = week(values.length);
        const build = (blankIsZero: boolean, cells: (string | null)[]) =>
          kpiOf({ aggregation: "average", unit: "percent", targetVersions: [levelVersion("0.5")], blankIsZero, actuals: actuals(cells) });
        const average = (kpi: KpiInput) => rollUp(kpi, kpiWeekRows(kpi, contextOf(asOf, kpi))).actual;
        const withBlanks = average(build(false, values));
        const packed = average(build(false, [...entered, ...values.map(() => null)].slice(0, values.length)));
        expect(text(withBlanks)).toBe(text(packed));
        const zeroed = average(build(true, values));
        const expected = entered.reduce((sum, value) => sum.add(d(value)), d("0")).div(values.length);
        expect(text(zeroed)).toBe(text(expected));
      }),
      { numRuns: 150 },
    );
  });
});

describe("trend in rows", () => {
  it("flag as of each week", () => {
    const kpi = kpiOf({ actuals: actuals(["1", "1", null, "1", "300", "1"]) });
    const rows: WeekRow[] = kpiWeekRows(kpi, contextOf(week(6), kpi));
    expect(rows.slice(0, 6).map((row) => row.trend)).toEqual([false, false, false, true, false, false]);
    expect(evaluateKpi(kpi, contextOf(week(6), kpi)).flags.trend).toBe(false);
  });
});
