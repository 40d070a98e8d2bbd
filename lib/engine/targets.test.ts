import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fiscalYearByLabel, quarterOf, type QuarterNumber } from "./calendar";
import { formatDecimal, parseDecimal as d, sumDecimals, type Decimal } from "./decimal";
import {
  isInYear,
  quarterTarget,
  quarterTargets,
  quarterWeightSum,
  quarterWeightsAreValid,
  roundWeeklyTarget,
  versionInForce,
  versionWeeklyTarget,
  weeklyTargetInForce,
  weeklyTargetStep,
  weeklyTargets,
} from "./targets";
import { DEFAULT_CALENDAR, type KpiInput, type KpiUnit, type TargetVersion } from "./types";

const year2027 = fiscalYearByLabel(DEFAULT_CALENDAR, 2027);
const year2026 = fiscalYearByLabel(DEFAULT_CALENDAR, 2026);
const weights = (...values: string[]) => values.map(d) as [Decimal, Decimal, Decimal, Decimal];

function version(effectiveFrom: string, annual: string, quarterWeights = weights("0.2", "0.23", "0.27", "0.3")): TargetVersion {
  return { effectiveFrom, annualTarget: d(annual), quarterWeights, quarterLevels: null };
}

type TargetKpi = Pick<KpiInput, "aggregation" | "unit" | "direction" | "targetVersions" | "weeklyOverrides">;

function sumKpi(overrides: Partial<TargetKpi> = {}): TargetKpi {
  return {
    aggregation: "sum",
    unit: "count",
    direction: "at_least",
    targetVersions: [version("2027-01-04", "16000")],
    weeklyOverrides: [],
    ...overrides,
  };
}

const text = (value: Decimal | null) => (value === null ? null : formatDecimal(value));

describe("roundWeeklyTarget", () => {
  it.each<[KpiUnit, string, string]>([
    ["count", "246.153846", "247"],
    ["count", "247", "247"],
    ["count", "0.0001", "1"],
    ["currency", "10.001", "10.01"],
    ["currency", "10.01", "10.01"],
    ["percent", "0.123456", "0.123456"],
    ["ratio", "1.5", "1.5"],
  ])("%s %s", (unit, value, expected) => {
    expect(formatDecimal(roundWeeklyTarget(d(value), unit))).toBe(expected);
  });

  it("steps per unit", () => {
    expect(text(weeklyTargetStep("count"))).toBe("1");
    expect(text(weeklyTargetStep("currency"))).toBe("0.01");
    expect(weeklyTargetStep("percent")).toBeNull();
  });
});

describe("quarterTarget", () => {
  it("sum is annual times weight", () => {
    expect(formatDecimal(quarterTarget(version("2027-01-04", "16000"), "sum", 2))).toBe("3680");
  });

  it("float-unfriendly weight stays exact", () => {
    const v = version("2027-01-04", "10000", weights("0.07", "0.33", "0.3", "0.3"));
    expect(formatDecimal(quarterTarget(v, "sum", 1))).toBe("700");
  });

  it("level defaults to annual", () => {
    const v: TargetVersion = { effectiveFrom: "2027-01-04", annualTarget: d("0.45"), quarterWeights: null, quarterLevels: null };
    expect(formatDecimal(quarterTarget(v, "average", 3))).toBe("0.45");
  });

  it("quarter levels apply", () => {
    const v: TargetVersion = {
      effectiveFrom: "2027-01-04",
      annualTarget: d("0.45"),
      quarterWeights: null,
      quarterLevels: weights("0.4", "0.42", "0.46", "0.5"),
    };
    expect(formatDecimal(quarterTarget(v, "last", 4))).toBe("0.5");
  });

  it("sum without weights throws", () => {
    const v: TargetVersion = { effectiveFrom: "2027-01-04", annualTarget: d("1"), quarterWeights: null, quarterLevels: null };
    expect(() => quarterTarget(v, "sum", 1)).toThrow(/quarter weights/);
  });
});

describe("weekly targets", () => {
  it("fixture weekly targets", () => {
    const rows = quarterTargets(sumKpi(), year2027);
    expect(rows.map((row) => [text(row.target), text(row.weeklyTarget)])).toEqual([
      ["3200", "247"],
      ["3680", "284"],
      ["4320", "333"],
      ["4800", "370"],
    ]);
  });

  it("exact division is not raised", () => {
    const kpi = sumKpi({ targetVersions: [version("2027-01-04", "5200", weights("0.25", "0.25", "0.25", "0.25"))] });
    expect(text(versionWeeklyTarget(kpi.targetVersions[0] as TargetVersion, kpi, year2027, 1))).toBe("100");
  });

  it("currency rounds up to cents", () => {
    const kpi = sumKpi({ unit: "currency", targetVersions: [version("2027-01-04", "100000", weights("0.25", "0.25", "0.25", "0.25"))] });
    // 25,000 / 13 = 1,923.0769…
    expect(text(weeklyTargetInForce(kpi, year2027, year2027.weeks[0]!).target)).toBe("1923.08");
  });

  it("53-week Q4 divides by 14", () => {
    const kpi = sumKpi({ targetVersions: [version("2025-12-29", "1400", weights("0", "0", "0", "1"))] });
    expect(quarterOf(year2026, 4).weeks).toBe(14);
    expect(text(weeklyTargetInForce(kpi, year2026, year2026.weeks[52]!).target)).toBe("100");
    expect(text(weeklyTargetInForce(kpi, year2026, year2026.weeks[0]!).target)).toBe("0");
  });

  it("level KPI weeks carry the level", () => {
    const kpi = sumKpi({
      aggregation: "average",
      unit: "percent",
      targetVersions: [{ effectiveFrom: "2027-01-04", annualTarget: d("0.45"), quarterWeights: null, quarterLevels: null }],
    });
    expect(new Set(weeklyTargets(kpi, year2027).map((row) => text(row.target)))).toEqual(new Set(["0.45"]));
  });

  it("band KPI has no targets", () => {
    const kpi = sumKpi({ direction: "between", targetVersions: [] });
    expect(weeklyTargets(kpi, year2027).every((row) => row.target === null)).toBe(true);
    expect(quarterTargets(kpi, year2027).every((row) => row.target === null && row.weeklyTarget === null)).toBe(true);
  });

  it("override replaces one week", () => {
    const kpi = sumKpi({ weeklyOverrides: [{ week: "2027-01-13", target: d("300") }] });
    const rows = weeklyTargets(kpi, year2027);
    expect(text(rows[1]?.target ?? null)).toBe("300");
    expect(rows[1]?.overridden).toBe(true);
    expect(text(rows[2]?.target ?? null)).toBe("247");
    expect(rows[2]?.overridden).toBe(false);
  });
});

describe("target versions", () => {
  const kpi = sumKpi({
    targetVersions: [version("2027-01-04", "16000"), version("2027-02-17", "20000")],
  });

  it("applies from the containing week", () => {
    // 2027-02-17 is a Wednesday; its week starts on Monday 2027-02-15.
    expect(text(versionInForce(kpi, year2027, "2027-02-14")?.annualTarget ?? null)).toBe("16000");
    expect(text(versionInForce(kpi, year2027, "2027-02-15")?.annualTarget ?? null)).toBe("20000");
  });

  it("weeks before keep the old target", () => {
    const rows = weeklyTargets(kpi, year2027);
    expect(text(rows[5]?.target ?? null)).toBe("247");
    expect(text(rows[6]?.target ?? null)).toBe("308");
  });

  it("quarter uses its first week's version", () => {
    const rows = quarterTargets(kpi, year2027);
    expect(text(rows[0]?.target ?? null)).toBe("3200");
    expect(text(rows[1]?.target ?? null)).toBe("4600");
  });

  it("unordered versions are ordered", () => {
    const reversed = sumKpi({ targetVersions: [...kpi.targetVersions].reverse() });
    expect(text(versionInForce(reversed, year2027, "2027-01-04")?.annualTarget ?? null)).toBe("16000");
  });

  it("same-week versions keep input order", () => {
    const sameWeek = sumKpi({
      targetVersions: [version("2027-03-03", "30000"), version("2027-01-04", "16000"), version("2027-03-01", "24000")],
    });
    // 2027-03-01 and 2027-03-03 share a week, so the later listed version (24,000) wins there.
    expect(text(versionInForce(sameWeek, year2027, "2027-02-28")?.annualTarget ?? null)).toBe("16000");
    expect(text(versionInForce(sameWeek, year2027, "2027-03-01")?.annualTarget ?? null)).toBe("24000");
  });

  it("dates before the first version", () => {
    expect(text(versionInForce(kpi, year2027, "2026-06-01")?.annualTarget ?? null)).toBe("16000");
  });

  it("no versions gives null", () => {
    expect(versionInForce(sumKpi({ targetVersions: [] }), year2027, "2027-03-01")).toBeNull();
  });
});

describe("quarter weights", () => {
  it.each<[string[], boolean, string]>([
    [["0.2", "0.23", "0.27", "0.3"], true, "1"],
    [["0.25", "0.25", "0.25", "0.26"], false, "1.01"],
    [["0.5", "0.5", "0", "0"], true, "1"],
    [["-0.1", "0.5", "0.3", "0.3"], false, "1"],
    [["0.5", "0.5"], false, "1"],
  ])("weights %j", (values, valid, sum) => {
    expect(quarterWeightsAreValid(values.map(d))).toBe(valid);
    expect(formatDecimal(quarterWeightSum(values.map(d)))).toBe(sum);
  });
});

describe("isInYear", () => {
  it("uses fiscal bounds", () => {
    expect(isInYear(year2027, "2027-01-04")).toBe(true);
    expect(isInYear(year2027, "2027-01-03")).toBe(false);
  });
});

describe("weekly target properties", () => {
  const decimalArbitrary = (maxCents: number) =>
    fc.integer({ min: 0, max: maxCents }).map((cents) => d(String(cents)).div(100));

  it("weeks cover the quarter", () => {
    fc.assert(
      fc.property(
        decimalArbitrary(1_000_000_000),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 4, maxLength: 4 }).filter((parts) => parts.some((p) => p > 0)),
        fc.constantFrom<KpiUnit>("count", "currency"),
        fc.constantFrom(year2026, year2027),
        (annual, parts, unit, year) => {
          const total = parts.reduce((a, b) => a + b, 0);
          const quarterWeights = parts.map((part) => d(String(part)).div(total)) as [Decimal, Decimal, Decimal, Decimal];
          const kpi = sumKpi({ unit, targetVersions: [{ effectiveFrom: year.start, annualTarget: annual, quarterWeights, quarterLevels: null }] });
          const rows = weeklyTargets(kpi, year);
          const step = weeklyTargetStep(unit) as Decimal;
          for (const quarter of [1, 2, 3, 4] as QuarterNumber[]) {
            const exact = quarterTarget(kpi.targetVersions[0] as TargetVersion, "sum", quarter);
            const weeks = rows.filter((row) => row.week.quarter === quarter);
            const sum = sumDecimals(weeks.map((row) => row.target as Decimal));
            expect(sum.compare(exact)).toBeGreaterThanOrEqual(0);
            expect(sum.compare(exact.add(step.mul(weeks.length)))).toBeLessThanOrEqual(0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
