import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimal } from "./decimal";
import {
  PlanValidationError,
  analyzeWhatIf,
  backSolveFunnel,
  formatFunnelSolution,
  funnelCustomersNeeded,
  judgeFeasibility,
  neededVolumesFromRates,
  overallConversionBetween,
  validateFunnel,
  worseFeasibility,
  type FunnelSolveOptions,
} from "./funnel";
import type { FunnelInput } from "./types";

const OPTIONS: FunnelSolveOptions = {
  historicalGrowth: decimal("0.25"),
  stretchFactor: decimal("2"),
  whatIfStep: decimal("0.1"),
};

function funnel(stages: [string, number, string?][], share = "1"): FunnelInput {
  return {
    key: "f",
    branch: "marketing",
    name: "Funnel",
    customerShare: decimal(share),
    stages: stages.map(([key, lastYear, plannedRate]) => ({
      key,
      name: key,
      lastYear,
      plannedRate: plannedRate === undefined ? null : decimal(plannedRate),
      historicalGrowth: null,
    })),
  };
}

describe("float traps", () => {
  it("takes 7 % of 10,000 as 700", () => {
    expect(decimal(10_000).mul(decimal("0.07")).equals(700)).toBe(true);
    const solution = backSolveFunnel(funnel([["a", 10_000], ["b", 700]]), 700, OPTIONS);
    expect(formatFunnelSolution(solution).lastYearRates["a->b"]).toBe("0.07");
    expect(solution.neededVolumes.a).toBe(10_000);
  });

  it.each([
    [7, "0.07", 100],
    [100, "0.064", 1563],
    [16_000, "0.064", 250_000],
    [1, "0.1", 10],
  ])("needs ceil(%d / %s) = %d", (bottom, rate, expected) => {
    expect(neededVolumesFromRates(bottom, [decimal(rate)])).toEqual([expected, bottom]);
  });

  it("rounds up at every stage", () => {
    // 2 / 0.3 = 6.67 → 7, then 7 / 0.3 = 23.3 → 24.
    expect(neededVolumesFromRates(2, [decimal("0.3"), decimal("0.3")])).toEqual([24, 7, 2]);
  });
});

describe("backSolveFunnel rates", () => {
  it("keeps last year's rate exact", () => {
    const solution = backSolveFunnel(funnel([["a", 3, undefined], ["b", 1]]), 1, OPTIONS);
    expect(solution.lastYearRates["a->b"]!.equals(decimal(1).div(3))).toBe(true);
    expect(formatFunnelSolution(solution).lastYearRates["a->b"]).toBe("0.333333333333");
    expect(solution.neededVolumes).toEqual({ a: 3, b: 1 });
  });

  it("caps a rate above one", () => {
    const solution = backSolveFunnel(funnel([["mql", 10], ["sql", 12], ["won", 6]]), 3, OPTIONS);
    expect(formatFunnelSolution(solution).lastYearRates["mql->sql"]).toBe("1.2");
    expect(solution.conversionRates["mql->sql"]!.equals(1)).toBe(true);
    expect(solution.warnings).toEqual([{ transition: "mql->sql", code: "rate_above_one" }]);
    expect(solution.neededVolumes).toEqual({ mql: 6, sql: 6, won: 3 });
  });

  it("does not warn at exactly one", () => {
    const solution = backSolveFunnel(funnel([["a", 10], ["b", 10]]), 3, OPTIONS);
    expect(solution.warnings).toEqual([]);
  });

  it("prefers the planned rate", () => {
    const solution = backSolveFunnel(funnel([["a", 10, "0.5"], ["b", 12]]), 3, OPTIONS);
    expect(solution.conversionRates["a->b"]!.equals(decimal("0.5"))).toBe(true);
    expect(solution.warnings).toEqual([]);
    expect(solution.neededVolumes.a).toBe(6);
  });

  it("warns when planned rate replaces empty stage", () => {
    const solution = backSolveFunnel(funnel([["a", 0, "0.25"], ["b", 4]]), 2, OPTIONS);
    expect(solution.lastYearRates["a->b"]).toBeNull();
    expect(solution.warnings).toEqual([{ transition: "a->b", code: "no_last_year_volume" }]);
    expect(solution.growthRequired.a).toBeNull();
    expect(solution.feasibility.stages.a).toBe("unknown");
  });

  it("accepts planned rate of exactly one", () => {
    expect(validateFunnel(funnel([["a", 5, "1"], ["b", 1]]), "f")).toEqual([]);
  });
});

describe("validateFunnel boundaries", () => {
  it.each([
    ["0", true],
    ["-0.1", true],
    ["1.0001", true],
    ["1", false],
    ["0.000001", false],
  ])("planned rate %s rejected: %s", (rate, rejected) => {
    const issues = validateFunnel(funnel([["a", 5, rate], ["b", 1]]), "funnels[2]");
    expect(issues.length > 0).toBe(rejected);
    if (rejected) {
      expect(issues[0]!.path).toBe("funnels[2].stages[0].plannedRate");
      expect(issues[0]!.message).toContain("a->b");
    }
  });

  it("needs a planned rate after zero volume", () => {
    const issues = validateFunnel(funnel([["mql", 5], ["sql", 0], ["sal", 0]]), "funnels[0]");
    expect(issues.map((issue) => issue.path)).toEqual([
      "funnels[0].stages[0].plannedRate",
      "funnels[0].stages[1].plannedRate",
    ]);
    expect(issues[0]!.message).toContain("mql->sql");
    expect(issues[1]!.message).toContain("sql->sal");
  });

  it("rejects a last-stage planned rate", () => {
    const issues = validateFunnel(funnel([["a", 5], ["b", 1, "0.5"]]), "f");
    expect(issues.map((issue) => issue.path)).toEqual(["f.stages[1].plannedRate"]);
  });

  it("rejects a single stage", () => {
    expect(validateFunnel(funnel([["a", 5]]), "f").map((issue) => issue.path)).toEqual(["f.stages"]);
  });

  it("rejects duplicate stage keys", () => {
    expect(validateFunnel(funnel([["a", 5], ["a", 1]]), "f").map((issue) => issue.path)).toEqual(["f.stages[1].key"]);
  });

  it("rejects negative or fractional volume", () => {
    const issues = validateFunnel(funnel([["a", -1, "0.5"], ["b", 1.5]]), "f");
    expect(issues.map((issue) => issue.path)).toEqual(["f.stages[0].lastYear", "f.stages[1].lastYear"]);
  });

  it.each([
    ["-0.1", true],
    ["0", false],
    ["1", false],
    ["1.1", true],
  ])("share %s rejected: %s", (share, rejected) => {
    const issues = validateFunnel(funnel([["a", 5], ["b", 1]], share), "f");
    expect(issues.some((issue) => issue.path === "f.customerShare")).toBe(rejected);
  });

  it("throws all issues from backSolve", () => {
    expect(() => backSolveFunnel(funnel([["a", 0], ["b", 0], ["c", 0]]), 1, OPTIONS)).toThrow(PlanValidationError);
    try {
      backSolveFunnel(funnel([["a", 0], ["b", 0], ["c", 0]]), 1, OPTIONS, "funnels[1]");
    } catch (error) {
      expect((error as PlanValidationError).issues.map((issue) => issue.path)).toEqual([
        "funnels[1].stages[0].plannedRate",
        "funnels[1].stages[1].plannedRate",
      ]);
    }
  });
});

describe("feasibility", () => {
  const g = decimal("0.25");
  const stretch = decimal("2");

  it.each([
    ["0.25", "within_reach"],
    ["0.2500001", "stretch"],
    ["0.5", "stretch"],
    ["0.5000001", "out_of_reach"],
    ["-0.5", "within_reach"],
  ])("growth %s is %s", (growth, verdict) => {
    expect(judgeFeasibility(decimal(growth), g, stretch)).toBe(verdict);
  });

  it("has no stretch when g is zero", () => {
    expect(judgeFeasibility(decimal("0"), decimal("0"), stretch)).toBe("within_reach");
    expect(judgeFeasibility(decimal("0.01"), decimal("0"), stretch)).toBe("out_of_reach");
  });

  it("has no stretch when g is negative", () => {
    expect(judgeFeasibility(decimal("-0.1"), decimal("-0.1"), stretch)).toBe("within_reach");
    expect(judgeFeasibility(decimal("-0.05"), decimal("-0.1"), stretch)).toBe("out_of_reach");
  });

  it("is unknown without g", () => {
    expect(judgeFeasibility(decimal("0.1"), null, stretch)).toBe("unknown");
  });

  it("is unknown without growth", () => {
    expect(judgeFeasibility(null, g, stretch)).toBe("unknown");
  });

  it.each([
    ["within_reach", "unknown", "unknown"],
    ["unknown", "stretch", "stretch"],
    ["out_of_reach", "stretch", "out_of_reach"],
    ["within_reach", "within_reach", "within_reach"],
  ] as const)("worse of %s and %s", (a, b, worse) => {
    expect(worseFeasibility(a, b)).toBe(worse);
    expect(worseFeasibility(b, a)).toBe(worse);
  });

  it("prefers the stage's own growth", () => {
    const input = funnel([["a", 100], ["b", 10]]);
    input.stages[0]!.historicalGrowth = decimal("1");
    const solution = backSolveFunnel(input, 20, OPTIONS);
    expect(solution.growthRequired.a!.equals(1)).toBe(true);
    expect(solution.feasibility.stages).toEqual({ a: "within_reach", b: "out_of_reach" });
    expect(solution.feasibility.verdict).toBe("out_of_reach");
    expect(solution.feasibility.firstStageOutOfReach).toBe("b");
  });

  it("reports a stretch funnel", () => {
    const solution = backSolveFunnel(funnel([["a", 100], ["b", 10]]), 15, OPTIONS);
    expect(solution.feasibility.verdict).toBe("stretch");
    expect(solution.feasibility.firstStageOutOfReach).toBeNull();
  });
});

describe("overall conversion", () => {
  const solution = backSolveFunnel(
    funnel([["traffic", 125000], ["leads", 8000], ["mql", 1000], ["customers", 1]]),
    2,
    OPTIONS,
  );

  it("multiplies rates to the last stage", () => {
    const output = formatFunnelSolution(solution);
    expect(output.overallConversion).toEqual({
      "traffic->customers": "0.000008",
      "leads->customers": "0.000125",
      "mql->customers": "0.001",
    });
  });

  it("multiplies rates between any stages", () => {
    expect(overallConversionBetween(solution, "traffic", "mql")!.equals(decimal("0.008"))).toBe(true);
    expect(overallConversionBetween(solution, "leads", "leads")!.equals(1)).toBe(true);
    expect(overallConversionBetween(solution, "mql", "traffic")).toBeNull();
    expect(overallConversionBetween(solution, "nowhere", "mql")).toBeNull();
  });
});

describe("what-if analysis", () => {
  it("ranks the upper transition first on ties", () => {
    const result = analyzeWhatIf(["a->b", "b->c"], [decimal("0.5"), decimal("0.5")], 100, decimal("0.1"));
    expect(result.topOfFunnel["a->b"]).toBe(result.topOfFunnel["b->c"]);
    expect(result.ranking).toEqual(["a->b", "b->c"]);
    expect(result.bestLever).toBe("a->b");
  });

  it("ranks the bigger cut first", () => {
    const result = analyzeWhatIf(["a->b", "b->c"], [decimal("0.95"), decimal("0.5")], 100, decimal("0.1"));
    // a->b capped at 1: 200 / 1 = 200; b->c: 100 / 0.55 → 182, 182 / 0.95 → 192.
    expect(result.topOfFunnel).toEqual({ "a->b": 200, "b->c": 192 });
    expect(result.baseTopOfFunnel).toBe(211);
    expect(result.ranking).toEqual(["b->c", "a->b"]);
    expect(result.bestLever).toBe("b->c");
  });

  it("lists rates at one as at maximum", () => {
    const result = analyzeWhatIf(["a->b", "b->c"], [decimal("1"), decimal("0.5")], 10, decimal("0.1"));
    expect(result.atMaximum).toEqual(["a->b"]);
    expect(result.topOfFunnel["a->b"]).toBe(result.baseTopOfFunnel);
    expect(result.ranking).toEqual(["b->c", "a->b"]);
  });

  it("never raises a rate above one", () => {
    const result = analyzeWhatIf(["a->b"], [decimal("0.95")], 100, decimal("0.1"));
    expect(result.topOfFunnel["a->b"]).toBe(100);
    expect(result.atMaximum).toEqual([]);
  });

  it("has no lever when nothing helps", () => {
    const result = analyzeWhatIf(["a->b"], [decimal("1")], 5, decimal("0.1"));
    expect(result.bestLever).toBeNull();
    expect(result.ranking).toEqual(["a->b"]);
  });

  it("matches the worked example", () => {
    const solution = backSolveFunnel(
      funnel([["traffic", 125000], ["leads", 8000], ["mql", 1000], ["sql", 10], ["sal", 10], ["customers", 1]]),
      2,
      OPTIONS,
    );
    expect(solution.whatIf.topOfFunnel).toEqual({
      "traffic->leads": 227273,
      "leads->mql": 227282,
      "mql->sql": 227375,
      "sql->sal": 250000,
      "sal->customers": 237500,
    });
    expect(solution.whatIf.atMaximum).toEqual(["sql->sal"]);
  });
});

describe("funnelCustomersNeeded", () => {
  it.each([
    [3, "0.5", 2],
    [4, "0.5", 2],
    [1, "0.01", 1],
    [0, "1", 0],
    [10, "0", 0],
  ])("%d customers × %s = %d", (customers, share, expected) => {
    expect(funnelCustomersNeeded(customers, decimal(share))).toBe(expected);
  });
});

describe("back-solve properties", () => {
  const rateArbitrary = fc
    // Denominators up to 100 over at most 6 stages keep volumes below 2^53.
    .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }))
    .map(([a, b]) => decimal(Math.min(a, b)).div(Math.max(a, b)));

  it("each volume feeds the next and one less would not", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.array(rateArbitrary, { minLength: 1, maxLength: 6 }),
        (bottom, rates) => {
          const needed = neededVolumesFromRates(bottom, rates);
          for (let index = 0; index < rates.length; index++) {
            const rate = rates[index]!;
            const upper = needed[index]!;
            const lower = needed[index + 1]!;
            expect(decimal(upper).mul(rate).compare(lower)).toBeGreaterThanOrEqual(0);
            if (upper > 0) expect(decimal(upper - 1).mul(rate).compare(lower)).toBeLessThan(0);
          }
        },
      ),
    );
  });

  it("what-if never needs more than the base", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.array(rateArbitrary, { minLength: 1, maxLength: 6 }),
        (bottom, rates) => {
          const transitions = rates.map((_, index) => `s${index}->s${index + 1}`);
          const result = analyzeWhatIf(transitions, rates, bottom, decimal("0.1"));
          for (const transition of transitions) {
            expect(result.topOfFunnel[transition]!).toBeLessThanOrEqual(result.baseTopOfFunnel);
          }
        },
      ),
    );
  });
});
