import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PlanValidationError, computePlan } from "./plan";
import { parsePlanFile } from "./plan-file";
import type { PlanIssue } from "./types";

/**
 * Plan files whose `expected` values were worked out by hand from the rules
 * in docs/engine.md, checked through computePlan and through `npm run plan`.
 * Decimals are compared as canonical strings, so "0.30" in place of "0.3"
 * is a failure here.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PLANS = join(ROOT, "test/fixtures/plans");
const PLAN_FILES = readdirSync(PLANS).filter((name) => name.endsWith(".json")).sort();

type Json = Record<string, unknown>;

function loadPlan(name: string): Json {
  return JSON.parse(readFileSync(join(PLANS, name), "utf8")) as Json;
}

function writePlan(file: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "spec-audit-")), "plan.json");
  writeFileSync(path, JSON.stringify(file));
  return path;
}

function runCli(...args: string[]) {
  const result = spawnSync("npx", ["tsx", "scripts/plan.ts", ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function compute(file: unknown): unknown {
  const parsed = parsePlanFile(file);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return computePlan(parsed.input);
}

/** Lists every expected key that the output lacks or gives another value. Arrays must match in length. */
function mismatches(expected: unknown, actual: unknown, path = ""): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return [`${path}: expected ${expected.length} items, got ${JSON.stringify(actual)}`];
    }
    return expected.flatMap((item, index) => mismatches(item, actual[index], `${path}[${index}]`));
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) =>
      Object.hasOwn(actual, key) ? mismatches(value, (actual as Json)[key], `${path}.${key}`) : [`${path}.${key}: missing`],
    );
  }
  return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** Splits a plan's expected output into checks of one top-level key, or one funnel or KPI. */
function expectedParts(expected: Json): [string, unknown, (output: Json) => unknown][] {
  return Object.entries(expected).flatMap(([key, value]): [string, unknown, (output: Json) => unknown][] => {
    const isMap = (key === "funnels" || key === "kpis") && Object.keys(value as Json).length > 0;
    if (!isMap) return [[key, value, (output) => output[key]]];
    return Object.entries(value as Json).map(([name, part]) => [
      `${key}.${name}`,
      part,
      (output) => (output[key] as Json | undefined)?.[name],
    ]);
  });
}

function issuesOf(file: unknown): PlanIssue[] {
  const parsed = parsePlanFile(file);
  if (!parsed.ok) return parsed.issues;
  try {
    computePlan(parsed.input);
  } catch (error) {
    if (error instanceof PlanValidationError) return error.issues;
    throw error;
  }
  return [];
}

describe("hand-computed plans", () => {
  it("has at least eight plans", () => {
    expect(PLAN_FILES.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of PLAN_FILES) {
    const plan = loadPlan(name);
    if (plan.expected === undefined) continue;
    const output = compute(plan) as Json;
    for (const [part, expected, pick] of expectedParts(plan.expected as Json)) {
      it(`${name} ${part}`, () => {
        expect(mismatches(expected, pick(output), part)).toEqual([]);
      });
    }
  }
});

describe("hand-computed plans through the CLI", () => {
  for (const name of PLAN_FILES) {
    const plan = loadPlan(name);
    if (plan.expected === undefined) continue;
    it(`${name} on stdout`, () => {
      const { status, stdout, stderr } = runCli(join("test/fixtures/plans", name));
      expect(stderr).toBe("");
      expect(status).toBe(0);
      expect(mismatches(plan.expected, JSON.parse(stdout))).toEqual([]);
    });
  }
});

describe("invalid plans list every problem", () => {
  const mixed = loadPlan("errors-mixed.json");
  const semantic = loadPlan("errors-semantic.json");

  it.each([
    ["notes", "unknown key"],
    ["kpis[0].actuals[0].comment", "unknown key"],
    ["funnels[0].stages[1].plannedRate", "leads->customers"],
    ["kpis[0].quarterWeights", "0.9"],
    ["plan.newRevenueBySource", "the difference is 100000"],
    ["funnels[0].customerShare", "add up to 0.9"],
    ["kpis[0].actuals[1].week", "starts after 2027-01-20"],
  ])("mixed plan reports %s", (path, words) => {
    const found = issuesOf(mixed).filter((issue) => issue.path === path);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain(words);
  });

  it("mixed plan reports nothing else", () => {
    expect(issuesOf(mixed)).toHaveLength(7);
  });

  it.each([
    ["funnels[0].stages[0].plannedRate", "sql->sal"],
    ["funnels[0].stages[1].plannedRate", "sal->won"],
    ["funnels[1].stages[0].plannedRate", "accounts->deals"],
    ["plan.averageExpansionValue", "averageExpansionValue"],
    ["kpis[0].actuals[1].week", "one actual per week"],
    ["kpis[0].actuals[2].week", "outside fiscal year FY2027"],
  ])("semantic plan reports %s", (path, words) => {
    const found = issuesOf(semantic).filter((issue) => issue.path === path);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain(words);
  });

  it("semantic plan reports nothing else", () => {
    expect(issuesOf(semantic)).toHaveLength(6);
  });

  it("CLI writes errors to stderr only", () => {
    const { status, stdout, stderr } = runCli("test/fixtures/plans/errors-mixed.json");
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(JSON.parse(stderr).errors).toEqual(issuesOf(mixed));
  });

  it("keeps one error per KPI target", () => {
    const plan = loadPlan("scenario-a.json");
    const kpi = (plan.kpis as Json[])[0]!;
    delete kpi.quarterWeights;
    plan.typo = true;
    expect(issuesOf(plan).map((issue) => issue.path)).toEqual(["kpis[0].quarterWeights", "typo"]);
  });

  it("finds broken references beside a typo", () => {
    const plan = loadPlan("scenario-a.json");
    (plan.kpis as Json[])[0]!.funnel = "nowhere";
    plan.typo = true;
    expect(issuesOf(plan).map((issue) => issue.path)).toEqual(["typo", "kpis[0].funnel"]);
  });

  it("leaves out an actual with a bad value", () => {
    const plan = loadPlan("errors-mixed.json");
    const kpi = (plan.kpis as Json[])[0]!;
    kpi.actuals = [{ week: "2027-01-11", value: "ten" }, ...(kpi.actuals as Json[])];
    expect(issuesOf(plan).map((issue) => issue.path)).toEqual([
      "funnels[0].stages[1].plannedRate",
      "kpis[0].actuals[0].value",
      "kpis[0].actuals[1].comment",
      "notes",
      "plan.newRevenueBySource",
      "funnels[0].customerShare",
      "kpis[0].quarterWeights",
      "kpis[0].actuals[2].week",
    ]);
  });

  it("leaves out a KPI with a bad value", () => {
    const plan = loadPlan("levels-and-bands.json");
    const kpis = plan.kpis as Json[];
    kpis[0]!.unit = "points";
    (kpis[1]!.actuals as Json[]).push({ week: "2027-03-01", value: "1" });
    (plan.plan as Json).revenueGoal = "2000";
    expect(issuesOf(plan).map((issue) => issue.path)).toEqual([
      "kpis[0].unit",
      "plan.newRevenueBySource",
      "kpis[1].actuals[2].week",
    ]);
  });

  it("renumbers a duplicate week's reference", () => {
    const plan = loadPlan("errors-semantic.json");
    const kpi = (plan.kpis as Json[])[0]!;
    kpi.actuals = [{ week: "2027-01-11", value: "ten" }, ...(kpi.actuals as Json[])];
    const duplicate = issuesOf(plan).find((issue) => issue.path === "kpis[0].actuals[2].week");
    expect(duplicate?.message).toContain("(actuals[1])");
  });

  it("trusts no ratio beside a left-out KPI", () => {
    const plan = loadPlan("levels-and-bands.json");
    const kpis = plan.kpis as Json[];
    const wins = kpis.findIndex((kpi) => kpi.key === "wins");
    kpis[wins]!.direction = "more";
    expect(issuesOf(plan).map((issue) => issue.path)).toEqual([`kpis[${wins}].direction`]);
  });

  it("stops at a value of the wrong type", () => {
    const plan = loadPlan("errors-mixed.json");
    (plan.plan as Json).revenueGoal = "lots";
    expect(issuesOf(plan).map((issue) => issue.path)).toEqual([
      "plan.revenueGoal",
      "funnels[0].stages[1].plannedRate",
      "kpis[0].actuals[0].comment",
      "kpis[0].quarterWeights",
      "notes",
    ]);
  });
});

describe("plan file input", () => {
  it("accepts a free-text indicator unit", () => {
    const parsed = parsePlanFile(loadPlan("scenario-a.json"));
    expect(parsed.ok).toBe(true);
    expect(parsed.ok ? parsed.input.indicators[0]?.unit : null).toBe("sessions");
  });

  it("reads JSON numbers as decimals", () => {
    const output = compute(loadPlan("funnels.json")) as { expansionDealsNeeded: number };
    expect(output.expansionDealsNeeded).toBe(25);
  });
});

describe("scenario comparison", () => {
  const expected: [string, unknown, unknown][] = [
    ['funnels.web.conversionRates["leads->customers"]', "0.05", "0.08"],
    ['funnels.web.overallConversion["visits->customers"]', "0.005", "0.008"],
    ['funnels.web.overallConversion["leads->customers"]', "0.05", "0.08"],
    ["funnels.web.neededVolumes.visits", 800, 500],
    ["funnels.web.neededVolumes.leads", 80, 50],
    ["funnels.web.growthRequired.visits", "-0.2", "-0.5"],
    ["funnels.web.growthRequired.leads", "-0.2", "-0.5"],
    ['funnels.web.whatIf.topOfFunnel["visits->leads"]', 728, 455],
    ['funnels.web.whatIf.topOfFunnel["leads->customers"]', 730, 460],
    ['kpis["visits-kpi"].annualTarget', "800", "500"],
    ...[0, 1, 2, 3].flatMap((quarter): [string, unknown, unknown][] => [
      [`kpis["visits-kpi"].quarters[${quarter}].target`, "200", "125"],
      [`kpis["visits-kpi"].quarters[${quarter}].weeklyTarget`, "16", "10"],
    ]),
    ['kpis["visits-kpi"].weeklyStatus[0].target', "16", "10"],
    ['kpis["visits-kpi"].weeklyStatus[1].target', "16", "10"],
    ['kpis["visits-kpi"].quarterToDate.target', "32", "20"],
    ['kpis["visits-kpi"].yearToDate.target', "32", "20"],
    ['kpis["visits-kpi"].paceProjection.target', "200", "125"],
    ['kpis["visits-kpi"].paceProjection.yearEnd.target', "800", "500"],
  ];

  it("lists every differing value", () => {
    const { status, stdout, stderr } = runCli(
      "test/fixtures/plans/scenario-a.json",
      "--compare",
      "test/fixtures/plans/scenario-b.json",
    );
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const output = JSON.parse(stdout) as { differences: { path: string; a: unknown; b: unknown }[] };
    expect(output.differences.map(({ path, a, b }) => [path, a, b])).toEqual(expected);
  });

  it("names an invalid side", () => {
    const broken = writePlan({ ...loadPlan("scenario-b.json"), typo: 1 });
    const { status, stdout, stderr } = runCli("test/fixtures/plans/scenario-a.json", "--compare", broken);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    const { errors } = JSON.parse(stderr) as { errors: PlanIssue[] };
    expect(errors.map((error) => error.path)).toEqual(["typo"]);
    expect(errors[0]?.message).toContain(broken);
  });
});

describe("week-start report", () => {
  it("lists the week that merges two", () => {
    const { status, stdout, stderr } = runCli("test/fixtures/plans/scenario-a.json", "--week-start", "sunday");
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      fiscalYear: 2027,
      previous: { weekStartsOn: "monday", start: "2027-01-04", end: "2028-01-02" },
      next: { weekStartsOn: "sunday", start: "2027-01-03", end: "2028-01-01" },
      changes: [
        {
          kpi: "visits-kpi",
          week: "2027-01-17",
          inFiscalYear: true,
          total: "11",
          sources: [
            { week: "2027-01-11", total: "7", moved: "7" },
            { week: "2027-01-18", total: "4", moved: "4" },
          ],
          entries: [
            { date: "2027-01-17", value: "7", previousWeek: "2027-01-11" },
            { date: "2027-01-18", value: "4", previousWeek: "2027-01-18" },
          ],
        },
      ],
    });
  });
});

describe("plan after its fiscal year", () => {
  const output = compute(loadPlan("history-after-year.json")) as {
    kpis: { signups: { weeklyStatus: { week: string; target: string; actual: string | null; status: string }[] } };
  };
  const weeks = output.kpis.signups.weeklyStatus;

  it("judges all 52 weeks", () => {
    expect(weeks).toHaveLength(52);
  });

  it("starts with the first week", () => {
    expect(weeks[0]).toEqual({ week: "2027-02-01", target: "1", actual: "3", status: "on_track", trend: false });
  });

  it("ends with the last week", () => {
    expect(weeks[51]).toEqual({ week: "2028-01-24", target: "1", actual: "0", status: "off_track", trend: false });
  });

  it("leaves the weeks between blank", () => {
    expect(weeks.slice(1, 51).every((week) => week.actual === null && week.status === "not_entered")).toBe(true);
  });
});

describe("plan file error messages", () => {
  function messageAt(edit: (file: any) => void, path: string): string | undefined {
    const plan = loadPlan("scenario-a.json");
    edit(plan);
    return issuesOf(plan).find((issue) => issue.path === path)?.message;
  }

  it.each([
    ["a text volume", (f: any) => (f.funnels[0].stages[0].lastYear = "1000"), "funnels[0].stages[0].lastYear", '"1000" is not a number'],
    ["a missing volume", (f: any) => delete f.funnels[0].stages[1].lastYear, "funnels[0].stages[1].lastYear", "missing required value"],
    ["an object for a list", (f: any) => (f.indicators = {}), "indicators", "{} is not a list"],
    ["a list for an object", (f: any) => (f.plan = []), "plan", "[] is not an object"],
    ["a missing direction", (f: any) => delete f.kpis[0].direction, "kpis[0].direction", "missing required value; use one of at_least"],
    ["a text boolean", (f: any) => (f.kpis[0].blankIsZero = "yes"), "kpis[0].blankIsZero", '"yes" is not a boolean'],
    ["a year past the calendar", (f: any) => (f.plan.fiscalYear = 9999), "plan.fiscalYear", "at most 9998"],
  ])("names %s", (_, edit, path, words) => {
    expect(messageAt(edit, path)).toContain(words);
  });
});

describe("output keys", () => {
  const output = compute(loadPlan("funnels.json")) as Json;
  const funnel = (output.funnels as Json)["mkt-inbound"] as Json;
  const kpi = (output.kpis as Json).sqls as Json;

  it.each<[string, unknown, string[]]>([
    ["plan", output, ["newCustomerRevenue", "customersNeeded", "expansionDealsNeeded", "averageCustomerValue", "fiscalYear", "funnels", "kpis"]],
    ["fiscal year", output.fiscalYear, ["label", "start", "end", "weeks", "quarters"]],
    ["funnel", funnel, ["branch", "customersNeeded", "lastYearRates", "conversionRates", "warnings", "overallConversion", "neededVolumes", "growthRequired", "feasibility", "whatIf"]],
    ["feasibility", funnel.feasibility, ["verdict", "firstStageOutOfReach", "stages"]],
    ["what-if", funnel.whatIf, ["step", "topOfFunnel", "bestLever", "ranking", "atMaximum"]],
    ["KPI", kpi, ["annualTarget", "band", "quarters", "weeklyStatus", "quarterToDate", "yearToDate", "paceProjection", "flags"]],
    ["quarter-to-date", kpi.quarterToDate, ["quarter", "elapsedWeeks", "actual", "target", "status"]],
    ["year-to-date", kpi.yearToDate, ["elapsedWeeks", "actual", "target", "status"]],
    ["pace projection", kpi.paceProjection, ["quarter", "projected", "target", "status", "yearEnd"]],
    ["flags", kpi.flags, ["trend", "staleTarget"]],
  ])("%s has every key", (_, value, keys) => {
    expect(Object.keys(value as Json).sort()).toEqual([...keys].sort());
  });
});
