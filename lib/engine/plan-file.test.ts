import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decimal } from "./decimal";
import { formatJsonPath, parsePlanFile, parsePlanFileText } from "./plan-file";

const FIXTURE = readFileSync(fileURLToPath(new URL("../../test/fixtures/wehenger.json", import.meta.url)), "utf8");

function edited(edit: (file: any) => void): unknown {
  const file = JSON.parse(FIXTURE);
  edit(file);
  return file;
}

function pathsOf(value: unknown): string[] {
  const result = parsePlanFile(value);
  return result.ok ? [] : result.issues.map((issue) => issue.path);
}

function messageAt(value: unknown, path: string): string | undefined {
  const result = parsePlanFile(value);
  return result.ok ? undefined : result.issues.find((issue) => issue.path === path)?.message;
}

describe("parsePlanFile input", () => {
  it("reads the fixture", () => {
    const result = parsePlanFile(JSON.parse(FIXTURE));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input.calendar).toEqual({
      fiscalYearStartMonth: 1,
      weekStartsOn: "monday",
      fiscalYearNaming: "end",
      monthPattern: "4-4-5",
    });
    expect(result.input.plan.stretchFactor.equals(2)).toBe(true);
    expect(result.input.plan.whatIfStep.equals(decimal("0.1"))).toBe(true);
    const kpi = result.input.kpis[0]!;
    expect(kpi.targetFromStage).toEqual({ funnel: "marketing-master", stage: "leads" });
    expect(kpi.targetVersions).toHaveLength(1);
    expect(kpi.targetVersions[0]!.effectiveFrom).toBe("2027-01-04");
    expect(kpi.targetVersions[0]!.annualTarget.equals(0)).toBe(true);
    expect(kpi.actuals[0]!.value.equals(260)).toBe(true);
  });

  it("reads a JSON number as its shortest decimal", () => {
    const result = parsePlanFile(edited((file) => (file.funnels[0].stages[0].plannedRate = 0.1)));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.input.funnels[0]!.stages[0]!.plannedRate!.equals(decimal("0.1"))).toBe(true);
  });

  it("reads a band KPI", () => {
    const result = parsePlanFile(
      edited((file) => {
        file.kpis.push({
          key: "share",
          name: "Share",
          branch: "marketing",
          unit: "percent",
          aggregation: "average",
          direction: "between",
          band: { low: "0.4", high: "0.6" },
        });
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.input.kpis[1]!.targetVersions).toEqual([]);
  });

  it("reads target versions", () => {
    const result = parsePlanFile(
      edited((file) => {
        file.kpis.push({
          key: "calls",
          name: "Calls",
          branch: "sales",
          unit: "count",
          aggregation: "sum",
          direction: "at_least",
          targetVersions: [
            { effectiveFrom: "2027-01-04", annualTarget: "100", quarterWeights: ["0.25", "0.25", "0.25", "0.25"] },
            { effectiveFrom: "2027-02-15", annualTarget: "120", quarterWeights: ["0.25", "0.25", "0.25", "0.25"] },
          ],
        });
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.input.kpis[1]!.targetVersions.map((version) => version.effectiveFrom)).toEqual(["2027-01-04", "2027-02-15"]);
  });
});

describe("parsePlanFile errors", () => {
  it("names an unknown key", () => {
    expect(pathsOf(edited((file) => (file.funnels[0].stages[1].color = "red")))).toEqual(["funnels[0].stages[1].color"]);
  });

  it("names an unknown top-level key", () => {
    expect(pathsOf(edited((file) => (file.extra = 1)))).toEqual(["extra"]);
  });

  it("reports every error at once", () => {
    const paths = pathsOf(
      edited((file) => {
        file.plan.revenueGoal = "20,000,000";
        file.organization.weekStartsOn = "funday";
        file.funnels[0].stages[2].lastYear = 1.5;
        file.asOf = "2027-02-30";
      }),
    );
    expect(paths).toEqual(["organization.weekStartsOn", "plan.revenueGoal", "funnels[0].stages[2].lastYear", "asOf"]);
  });

  it("reports weights beside a bad decimal", () => {
    const paths = pathsOf(
      edited((file) => {
        file.plan.revenueGoal = "1e5";
        file.kpis[0].quarterWeights[3] = "0.2";
      }),
    );
    expect(paths).toEqual(["plan.revenueGoal", "kpis[0].quarterWeights"]);
  });

  it("names the transition of a zero rate", () => {
    const file = edited((f) => (f.funnels[0].stages[3].plannedRate = "0"));
    expect(messageAt(file, "funnels[0].stages[3].plannedRate")).toContain("sql->sal");
  });

  it("rejects a rate above one", () => {
    const file = edited((f) => (f.funnels[0].stages[3].plannedRate = "1.01"));
    expect(pathsOf(file)).toEqual(["funnels[0].stages[3].plannedRate"]);
  });

  it("needs a rate after zero volume", () => {
    const file = edited((f) => (f.funnels[0].stages[3].lastYear = 0));
    expect(pathsOf(file)).toEqual(["funnels[0].stages[2].plannedRate", "funnels[0].stages[3].plannedRate"]);
    expect(messageAt(file, "funnels[0].stages[3].plannedRate")).toContain("sql->sal");
  });

  it("names the sum of quarter weights", () => {
    const file = edited((f) => (f.kpis[0].quarterWeights = ["0.2", "0.23", "0.27", "0.29"]));
    expect(messageAt(file, "kpis[0].quarterWeights")).toContain("0.99");
  });

  it("requires weights on sum KPIs", () => {
    expect(pathsOf(edited((f) => delete f.kpis[0].quarterWeights))).toEqual(["kpis[0].quarterWeights"]);
  });

  it("rejects weights on average KPIs", () => {
    const paths = pathsOf(edited((f) => (f.kpis[0].aggregation = "average")));
    expect(paths).toEqual(["kpis[0].quarterWeights"]);
  });

  it("rejects two target forms", () => {
    expect(pathsOf(edited((f) => (f.kpis[0].annualTarget = "5")))).toEqual(["kpis[0]"]);
  });

  it("rejects a KPI without target", () => {
    const paths = pathsOf(
      edited((f) => {
        delete f.kpis[0].funnel;
        delete f.kpis[0].targetFromStage;
      }),
    );
    expect(paths).toEqual(["kpis[0]", "kpis[0].quarterWeights"]);
  });

  it("needs funnel with targetFromStage", () => {
    expect(pathsOf(edited((f) => delete f.kpis[0].funnel))).toContain("kpis[0].funnel");
  });

  it("rejects an unknown target stage", () => {
    expect(pathsOf(edited((f) => (f.kpis[0].targetFromStage = "demo")))).toEqual(["kpis[0].targetFromStage"]);
  });

  it("rejects an unknown target funnel", () => {
    expect(pathsOf(edited((f) => (f.kpis[0].funnel = "events")))).toEqual(["kpis[0].funnel"]);
  });

  it("rejects a band on at_least", () => {
    expect(pathsOf(edited((f) => (f.kpis[0].band = { low: "1", high: "2" })))).toEqual(["kpis[0].band"]);
  });

  it("rejects between without band", () => {
    expect(pathsOf(edited((f) => (f.kpis[0].direction = "between")))).toEqual(["kpis[0].band", "kpis[0]", "kpis[0].quarterWeights"]);
  });

  it("rejects a reversed band", () => {
    const file = edited((f) => {
      f.kpis[0] = { key: "k", name: "K", branch: "sales", unit: "ratio", aggregation: "last", direction: "outside", band: { low: "2", high: "1" } };
    });
    expect(pathsOf(file)).toEqual(["kpis[0].band"]);
  });

  it("rejects versions out of order", () => {
    const file = edited((f) => {
      f.kpis[0] = {
        key: "k", name: "K", branch: "sales", unit: "count", aggregation: "sum", direction: "at_least",
        quarterWeights: ["0.25", "0.25", "0.25", "0.25"],
        targetVersions: [
          { effectiveFrom: "2027-03-01", annualTarget: "1", quarterWeights: ["1", "0", "0", "0"] },
          { effectiveFrom: "2027-02-01", annualTarget: "1", quarterLevels: ["1", "1", "1", "1"] },
        ],
      };
    });
    expect(pathsOf(file)).toEqual([
      "kpis[0].quarterWeights",
      "kpis[0].targetVersions[1].quarterWeights",
      "kpis[0].targetVersions[1].quarterLevels",
      "kpis[0].targetVersions[1].effectiveFrom",
    ]);
  });

  it("rejects value and history together", () => {
    const file = edited((f) => (f.plan.customerRevenueHistory = [{ customer: "a", month: "2026-01", revenue: "1" }]));
    expect(pathsOf(file)).toEqual(["plan.averageCustomerValue"]);
  });

  it("rejects a missing customer value", () => {
    expect(pathsOf(edited((f) => delete f.plan.averageCustomerValue))).toEqual(["plan.averageCustomerValue"]);
  });

  it("rejects a bad history month", () => {
    const file = edited((f) => {
      delete f.plan.averageCustomerValue;
      f.plan.customerRevenueHistory = [{ customer: "a", month: "2026-13", revenue: "1" }];
    });
    expect(pathsOf(file)).toEqual(["plan.customerRevenueHistory[0].month"]);
  });

  it("rejects duplicate keys", () => {
    const file = edited((f) => {
      f.kpis.push({ ...f.kpis[0] });
      f.funnels.push({ ...f.funnels[0], customerShare: "0" });
    });
    expect(pathsOf(file)).toEqual(["funnels[1].key", "kpis[1].key"]);
  });

  it("rejects an unknown indicator stage", () => {
    expect(pathsOf(edited((f) => (f.indicators[0].stage = "nowhere")))).toEqual(["indicators[0].stage"]);
  });

  it("rejects ratio of unknown KPIs", () => {
    expect(pathsOf(edited((f) => (f.kpis[0].ratio = { numerator: "downloads", denominator: "x" })))).toEqual([
      "kpis[0].ratio.numerator",
      "kpis[0].ratio.denominator",
      "kpis[0].actuals",
    ]);
  });

  it.each([
    ["organization.timeZone", (f: any) => (f.organization.timeZone = "Mars/Base")],
    ["organization.currency", (f: any) => (f.organization.currency = "usd")],
    ["organization.meeting.time", (f: any) => (f.organization.meeting.time = "25:00")],
    ["organization.fiscalYearStartMonth", (f: any) => (f.organization.fiscalYearStartMonth = 13)],
    ["plan.stretchFactor", (f: any) => (f.plan.stretchFactor = "0.5")],
    ["plan.whatIfStep", (f: any) => (f.plan.whatIfStep = "0")],
    ["funnels[0].customerShare", (f: any) => (f.funnels[0].customerShare = "1.5")],
    ["kpis[0].tolerance", (f: any) => (f.kpis[0].tolerance = "-0.1")],
    ["kpis[0].blankIsZero", (f: any) => (f.kpis[0].blankIsZero = "yes")],
    ["kpis[0].actuals[0].value", (f: any) => (f.kpis[0].actuals[0].value = "1e3")],
    ["kpis[0].quarterWeights", (f: any) => (f.kpis[0].quarterWeights = ["1"])],
    ["plan.fiscalYear", (f: any) => delete f.plan.fiscalYear],
  ])("rejects a bad %s", (path, edit) => {
    expect(pathsOf(edited(edit))).toEqual([path]);
  });

  it("rejects an arrow in a key", () => {
    expect(pathsOf(edited((f) => (f.funnels[0].key = "a->b")))).toContain("funnels[0].key");
  });

  it("rejects a single-stage funnel", () => {
    const paths = pathsOf(edited((f) => (f.funnels[0].stages = f.funnels[0].stages.slice(0, 1))));
    expect(paths).toEqual(["funnels[0].stages", "kpis[0].targetFromStage"]);
  });

  it("reports missing values", () => {
    expect(messageAt(edited((f) => delete f.plan.revenueGoal), "plan.revenueGoal")).toContain("missing required value");
    expect(messageAt(edited((f) => delete f.plan.fiscalYear), "plan.fiscalYear")).toBe("missing required value");
  });
});

describe("parsePlanFileText", () => {
  it("reports invalid JSON at the root", () => {
    const result = parsePlanFileText("{ not json");
    if (result.ok) throw new Error("expected invalid JSON to be rejected");
    expect(result.issues[0]!.path).toBe("");
  });

  it("parses valid text", () => {
    expect(parsePlanFileText(FIXTURE).ok).toBe(true);
  });
});

describe("formatJsonPath", () => {
  it.each([
    [["funnels", 0, "stages", 3, "plannedRate"], "funnels[0].stages[3].plannedRate"],
    [["funnels", "marketing-master"], 'funnels["marketing-master"]'],
    [[], ""],
    [[0], "[0]"],
  ])("formats %j", (path, expected) => {
    expect(formatJsonPath(path)).toBe(expected);
  });
});
