import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURE = "test/fixtures/wehenger.json";

function runPlan(...args: string[]) {
  const result = spawnSync("npx", ["tsx", "scripts/plan.ts", ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeVariant(edit: (file: any) => void): string {
  const file = JSON.parse(readFileSync(join(ROOT, FIXTURE), "utf8"));
  edit(file);
  const path = join(mkdtempSync(join(tmpdir(), "plan-cli-")), "plan.json");
  writeFileSync(path, JSON.stringify(file));
  return path;
}

describe("plan command", () => {
  it("prints the plan for the fixture", () => {
    const { status, stdout, stderr } = runPlan(FIXTURE);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const output = JSON.parse(stdout);
    expect(output.funnels["marketing-master"].neededVolumes.traffic).toBe(250000);
    expect(output.kpis.downloads.quarterToDate.target).toBe("1482");
  });

  it("rejects an invalid file with paths", () => {
    const path = writeVariant((file) => {
      file.funnels[0].stages[3].plannedRate = "0";
      file.plan.newRevenueBySource.extra = "1";
    });
    const { status, stdout, stderr } = runPlan(path);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    const { errors } = JSON.parse(stderr);
    expect(errors.map((error: { path: string }) => error.path)).toEqual([
      "plan.newRevenueBySource.extra",
      "funnels[0].stages[3].plannedRate",
    ]);
    expect(errors[1].message).toContain("sql->sal");
  });

  it("rejects a plan that does not add up", () => {
    const path = writeVariant((file) => (file.plan.newRevenueBySource.sales = "900000"));
    const { status, stdout, stderr } = runPlan(path);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(JSON.parse(stderr).errors[0].path).toBe("plan.newRevenueBySource");
  });

  it("rejects a missing file", () => {
    const { status, stdout, stderr } = runPlan("no/such/file.json");
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(JSON.parse(stderr).errors[0].message).toContain("failed to read");
  });

  it("reads a path relative to the caller", () => {
    const path = writeVariant(() => {});
    const result = spawnSync("npm", ["run", "--silent", "--prefix", ROOT, "plan", "--", "plan.json"], {
      cwd: dirname(path),
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).newCustomerRevenue).toBe("2000000");
  });

  it("rejects unknown options", () => {
    const { status, stderr } = runPlan(FIXTURE, "--fast");
    expect(status).toBe(1);
    expect(JSON.parse(stderr).errors[0].message).toContain("unknown option --fast");
  });

  it("compares two scenarios", () => {
    const path = writeVariant((file) => (file.funnels[0].stages[0].plannedRate = "0.08"));
    const { status, stdout, stderr } = runPlan(FIXTURE, "--compare", path);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const { differences } = JSON.parse(stdout);
    expect(differences).toContainEqual({
      path: 'funnels["marketing-master"].neededVolumes.traffic',
      a: 250000,
      b: 200000,
    });
    expect(differences).toContainEqual({
      path: 'funnels["marketing-master"].conversionRates["traffic->leads"]',
      a: "0.064",
      b: "0.08",
    });
  });

  it("reports errors of the compared file", () => {
    const path = writeVariant((file) => (file.asOf = "someday"));
    const { status, stdout, stderr } = runPlan(FIXTURE, "--compare", path);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    const { errors } = JSON.parse(stderr);
    expect(errors[0].path).toBe("asOf");
    expect(errors[0].message).toContain(path);
  });

  it("re-buckets for a new week start", () => {
    const path = writeVariant((file) => (file.kpis[0].actuals[1].week = "2027-01-17"));
    const { status, stdout, stderr } = runPlan(path, "--week-start", "sunday");
    expect(status).toBe(0);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout);
    expect(report.next.weekStartsOn).toBe("sunday");
    expect(report.changes).toHaveLength(1);
    expect(report.changes[0].week).toBe("2027-01-17");
    expect(report.changes[0].total).toBe("440");
  });

  it("rejects an unknown week start", () => {
    const { status, stdout, stderr } = runPlan(FIXTURE, "--week-start", "funday");
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(JSON.parse(stderr).errors[0].message).toContain("not a weekday");
  });
});
