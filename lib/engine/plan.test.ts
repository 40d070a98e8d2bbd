import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decimal } from "./decimal";
import { PlanValidationError, computePlan, weekStartReport } from "./plan";
import { parsePlanFile } from "./plan-file";
import type { FunnelInput, PlanInput } from "./types";

const FIXTURE_PATH = fileURLToPath(new URL("../../test/fixtures/wehenger.json", import.meta.url));

function loadFixture(): Record<string, unknown> {
  return JSON.parse(readFileSync(FIXTURE_PATH, "utf8")) as Record<string, unknown>;
}

function parseInput(file: unknown): PlanInput {
  const parsed = parsePlanFile(file);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.input;
}

function fixtureInput(edit: (file: any) => void = () => {}): PlanInput {
  const file = loadFixture();
  edit(file);
  return parseInput(file);
}

function cloneFunnel(funnel: FunnelInput): FunnelInput {
  return { ...funnel, stages: funnel.stages.map((stage) => ({ ...stage })) };
}

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** Collects a message for each expected key that the output lacks or has with another value. */
function subsetMismatches(expected: unknown, actual: unknown, path: string, out: string[]): void {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${path}: expected an array of ${expected.length}, got ${JSON.stringify(actual)}`);
      return;
    }
    expected.forEach((item, index) => subsetMismatches(item, actual[index], `${path}[${index}]`, out));
    return;
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null) {
      out.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
      return;
    }
    for (const [key, value] of Object.entries(expected)) {
      if (!Object.hasOwn(actual, key)) out.push(`${path}.${key}: missing`);
      else subsetMismatches(value, (actual as Record<string, unknown>)[key], `${path}.${key}`, out);
    }
    return;
  }
  if (typeof expected === "string" && DECIMAL_TEXT.test(expected) && typeof actual === "string" && DECIMAL_TEXT.test(actual)) {
    if (!decimal(expected).equals(decimal(actual))) out.push(`${path}: expected ${expected}, got ${actual}`);
    return;
  }
  if (expected !== actual) out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PlanValidationError) return error.issues;
    throw error;
  }
  throw new Error("expected a PlanValidationError");
}

describe("computePlan on the fixture", () => {
  it("matches every expected key", () => {
    const file = loadFixture();
    const result = computePlan(parseInput(file));
    const mismatches: string[] = [];
    subsetMismatches(file.expected, result, "expected", mismatches);
    expect(mismatches).toEqual([]);
  });

  it("checks expected keys recursively", () => {
    const mismatches: string[] = [];
    subsetMismatches({ a: [{ b: "1.0" }], c: "2" }, { a: [{ b: "1" }], c: "3" }, "x", mismatches);
    expect(mismatches).toEqual(["x.c: expected 2, got 3"]);
    subsetMismatches({ a: [1, 2] }, { a: [1] }, "y", mismatches);
    expect(mismatches).toHaveLength(2);
  });

  it("always writes every top-level key", () => {
    const result = computePlan(fixtureInput());
    expect(Object.keys(result).sort()).toEqual(
      ["averageCustomerValue", "customersNeeded", "expansionDealsNeeded", "fiscalYear", "funnels", "kpis", "newCustomerRevenue"].sort(),
    );
  });

  it("derives the stage target of the KPI", () => {
    const result = computePlan(fixtureInput());
    expect(result.kpis.downloads?.annualTarget).toBe("16000");
  });

  it("lists transitions already at one", () => {
    const result = computePlan(fixtureInput());
    expect(result.funnels["marketing-master"]?.whatIf.atMaximum).toEqual(["sql->sal"]);
  });

  it("is valid JSON without undefined", () => {
    const result = computePlan(fixtureInput());
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

describe("computePlan validation", () => {
  it("names the unallocated difference", () => {
    const issues = issuesOf(() =>
      computePlan(fixtureInput((file) => (file.plan.newRevenueBySource.sales = "900000"))),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe("plan.newRevenueBySource");
    expect(issues[0]!.message).toContain("the difference is 100000");
  });

  it("rejects customer value of zero", () => {
    const input = fixtureInput();
    input.plan.averageCustomerValue = decimal("0");
    const issues = issuesOf(() => computePlan(input));
    expect(issues.map((issue) => issue.path)).toEqual(["plan.averageCustomerValue"]);
  });

  it("rejects negative customer value", () => {
    const input = fixtureInput();
    input.plan.averageCustomerValue = decimal("-1");
    expect(issuesOf(() => computePlan(input))[0]!.path).toBe("plan.averageCustomerValue");
  });

  it("names the transition of a zero rate", () => {
    const input = fixtureInput();
    input.funnels[0]!.stages[4]!.lastYear = 0;
    const issues = issuesOf(() => computePlan(input));
    const paths = issues.map((issue) => issue.path);
    expect(paths).toContain("funnels[0].stages[3].plannedRate");
    expect(paths).toContain("funnels[0].stages[4].plannedRate");
    const message = issues.find((issue) => issue.path === "funnels[0].stages[3].plannedRate")!.message;
    expect(message).toContain("sql->sal");
  });

  it("reports every issue at once", () => {
    const input = fixtureInput();
    input.plan.averageCustomerValue = decimal("0");
    input.plan.whatIfStep = decimal("0");
    input.plan.stretchFactor = decimal("0.5");
    input.funnels[0]!.customerShare = decimal("0.5");
    input.funnels[0]!.stages[2]!.plannedRate = decimal("0");
    input.kpis[0]!.actuals.push({ week: "2027-03-01", value: decimal("1"), note: null });
    input.kpis[0]!.targetVersions[0]!.quarterWeights = [decimal("0.2"), decimal("0.2"), decimal("0.2"), decimal("0.2")];
    const paths = issuesOf(() => computePlan(input)).map((issue) => issue.path);
    expect(paths).toContain("plan.averageCustomerValue");
    expect(paths).toContain("plan.whatIfStep");
    expect(paths).toContain("plan.stretchFactor");
    expect(paths).toContain("funnels[0].customerShare");
    expect(paths).toContain("funnels[0].stages[2].plannedRate");
    expect(paths).toContain("kpis[0].actuals[5].week");
    expect(paths).toContain("kpis[0].targetVersions[0].quarterWeights");
  });

  it("names the sum of quarter weights", () => {
    const input = fixtureInput();
    input.kpis[0]!.targetVersions[0]!.quarterWeights = [decimal("0.2"), decimal("0.2"), decimal("0.2"), decimal("0.2")];
    const issue = issuesOf(() => computePlan(input)).find((item) => item.path.endsWith("quarterWeights"));
    expect(issue?.message).toContain("0.8");
  });

  it("rejects shares not adding up", () => {
    const input = fixtureInput();
    input.funnels.push({ ...cloneFunnel(input.funnels[0]!), key: "second", customerShare: decimal("0.25") });
    input.funnels[0]!.customerShare = decimal("0.5");
    const issues = issuesOf(() => computePlan(input));
    expect(issues).toEqual([
      { path: "funnels[0].customerShare", message: expect.stringContaining("add up to 0.75") },
    ]);
  });

  it("rejects duplicate funnel keys", () => {
    const input = fixtureInput();
    input.funnels.push({ ...input.funnels[0]!, customerShare: decimal("0") });
    expect(issuesOf(() => computePlan(input)).map((issue) => issue.path)).toEqual(["funnels[1].key"]);
  });

  it("rejects a missing stage target", () => {
    const input = fixtureInput();
    input.kpis[0]!.targetFromStage = { funnel: "marketing-master", stage: "nowhere" };
    expect(issuesOf(() => computePlan(input)).map((issue) => issue.path)).toEqual(["kpis[0].targetFromStage"]);
  });

  it("rejects a missing target funnel", () => {
    const input = fixtureInput();
    input.kpis[0]!.targetFromStage = { funnel: "nowhere", stage: "leads" };
    expect(issuesOf(() => computePlan(input)).map((issue) => issue.path)).toEqual(["kpis[0].targetFromStage"]);
  });

  it("rejects several versions from stage", () => {
    const input = fixtureInput();
    const version = input.kpis[0]!.targetVersions[0]!;
    input.kpis[0]!.targetVersions = [version, { ...version, effectiveFrom: "2027-04-05" }];
    expect(issuesOf(() => computePlan(input)).map((issue) => issue.path)).toEqual(["kpis[0].targetFromStage"]);
  });

  it("rejects an invalid asOf", () => {
    const input = fixtureInput();
    input.asOf = "2027-13-01";
    expect(issuesOf(() => computePlan(input)).map((issue) => issue.path)).toContain("asOf");
  });

  it("rejects invalid calendar settings", () => {
    const input = fixtureInput();
    input.calendar = { ...input.calendar, fiscalYearStartMonth: 13 };
    expect(issuesOf(() => computePlan(input)).map((issue) => issue.path)).toContain("calendar");
  });

  it("requires expansion value for existing", () => {
    const input = fixtureInput();
    input.funnels.push({ ...cloneFunnel(input.funnels[0]!), key: "upsell", branch: "existing" });
    expect(issuesOf(() => computePlan(input)).map((issue) => issue.path)).toEqual(["plan.averageExpansionValue"]);
  });

  it("error lists every issue", () => {
    const error = new PlanValidationError([
      { path: "a", message: "first" },
      { path: "b", message: "second" },
    ]);
    expect(error.message).toBe("a: first (and 1 more)");
    expect(new PlanValidationError([]).message).toBe("invalid plan");
  });
});

describe("computePlan funnels and branches", () => {
  it("targets expansion deals in existing funnels", () => {
    const input = fixtureInput();
    input.plan.averageExpansionValue = decimal("300000");
    input.funnels.push({ ...cloneFunnel(input.funnels[0]!), key: "upsell", branch: "existing" });
    const result = computePlan(input);
    expect(result.expansionDealsNeeded).toBe(7);
    expect(result.funnels.upsell?.customersNeeded).toBe(7);
    expect(result.funnels.upsell?.branch).toBe("existing");
  });

  it("splits a branch over funnels", () => {
    const input = fixtureInput();
    input.plan.newRevenueBySource = { sales: decimal("500000"), marketing: decimal("1500000") };
    input.funnels[0]!.customerShare = decimal("0.6");
    input.funnels.push({ ...cloneFunnel(input.funnels[0]!), key: "events", customerShare: decimal("0.4") });
    const result = computePlan(input);
    expect(result.customersNeeded).toEqual({ sales: 1, marketing: 3 });
    expect(result.funnels["marketing-master"]?.customersNeeded).toBe(2);
    expect(result.funnels.events?.customersNeeded).toBe(2);
  });

  it("uses customer value from history", () => {
    const input = fixtureInput();
    input.plan.averageCustomerValue = null;
    input.plan.customerRevenueHistory = [
      { customer: "a", month: "2026-01", revenue: decimal("500000") },
      { customer: "b", month: "2026-06", revenue: decimal("250000") },
      { customer: "b", month: "2026-07", revenue: decimal("250000") },
    ];
    const result = computePlan(input);
    // a: 500,000 × 12 / 1 month; b: 500,000 × 12 / 2 months.
    expect(result.averageCustomerValue).toEqual({ value: "4500000", basedOnCustomers: 2 });
    expect(result.customersNeeded).toEqual({ sales: 1, marketing: 1 });
  });
});

describe("weekStartReport", () => {
  it("moves entries to Sunday weeks", () => {
    // A Sunday entry joins the Monday entry after it once weeks start on Sunday.
    const report = weekStartReport(fixtureInput((file) => (file.kpis[0].actuals[1].week = "2027-01-17")), "sunday");
    expect(report.previous.weekStartsOn).toBe("monday");
    expect(report.next.weekStartsOn).toBe("sunday");
    expect(report.changes.length).toBeGreaterThan(0);
    expect(report.changes).toEqual([
      expect.objectContaining({
        kpi: "downloads",
        week: "2027-01-17",
        total: "440",
        sources: [
          { week: "2027-01-11", total: "240", moved: "240" },
          { week: "2027-01-18", total: "200", moved: "200" },
        ],
      }),
    ]);
  });

  it("reports nothing for the same day", () => {
    expect(weekStartReport(fixtureInput(), "monday").changes).toEqual([]);
  });
});
