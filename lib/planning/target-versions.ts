import type { Organization } from "@/db/queries/organizations";
import { replaceTargetVersionsFrom, type PlanAggregate, type TargetVersionValues } from "@/db/queries/plans";
import type { Executor } from "@/db/connect";
import { weekContaining, type FiscalYear } from "@/lib/engine/calendar";
import { parseDecimal } from "@/lib/engine/decimal";
import { PlanValidationError } from "@/lib/engine/funnel";
import { computePlan } from "@/lib/engine/plan";
import { buildPlanInput } from "./engine-input";

/**
 * Returns the week a plan change takes effect from: the week in progress, so
 * weeks that are over keep their targets. Before the year starts, and after
 * it ends, the change covers the whole year, because a closed year's plan is
 * only ever corrected, not continued.
 */
export function versionStart(year: FiscalYear, today: string): string {
  if (today < year.start || today > year.end) return year.start;
  return weekContaining(year, today)?.start ?? year.start;
}

/** Computes each KPI's targets as the plan defines them now, with stage-derived targets resolved to numbers. */
export function currentTargets(organization: Organization, aggregate: PlanAggregate, year: FiscalYear): Map<string, TargetVersionValues> {
  const result = computePlan(buildPlanInput(organization, aggregate, [], year.start, { ignoreTargetVersions: true }));
  const targets = new Map<string, TargetVersionValues>();
  for (const kpi of aggregate.kpis) {
    const annualTarget = result.kpis[kpi.key]?.annualTarget;
    if (annualTarget == null) continue;
    targets.set(kpi.id, { annualTarget, q1Weight: kpi.q1Weight, q2Weight: kpi.q2Weight, q3Weight: kpi.q3Weight, q4Weight: kpi.q4Weight });
  }
  return targets;
}

/** Computes the targets before a change. A stored plan that the engine now rejects has none to keep. */
function baselineTargets(organization: Organization, aggregate: PlanAggregate, year: FiscalYear): Map<string, TargetVersionValues> {
  try {
    return currentTargets(organization, aggregate, year);
  } catch (error) {
    if (error instanceof PlanValidationError) return new Map();
    throw error;
  }
}

function sameTargets(a: TargetVersionValues, b: TargetVersionValues): boolean {
  const fields = ["annualTarget", "q1Weight", "q2Weight", "q3Weight", "q4Weight"] as const;
  return fields.every((field) => parseDecimal(a[field]).equals(parseDecimal(b[field])));
}

/**
 * Records the saved plan's KPI targets as versions from `effectiveFrom` on.
 * A KPI without stored versions first gets a baseline from the plan as it was
 * before the change, so its past weeks keep their old targets too. A save
 * that leaves a KPI's targets unchanged adds nothing.
 */
export async function recordTargetVersions(
  tx: Executor,
  organization: Organization,
  year: FiscalYear,
  before: PlanAggregate | null,
  after: PlanAggregate,
  effectiveFrom: string,
): Promise<void> {
  const now = currentTargets(organization, after, year);
  const earlier = before ? baselineTargets(organization, before, year) : new Map<string, TargetVersionValues>();

  for (const kpi of after.kpis) {
    const target = now.get(kpi.id);
    if (!target) continue;
    const versions = after.targetVersions.filter((version) => version.kpiId === kpi.id);
    const baseline = earlier.get(kpi.id);
    if (versions.length === 0 && baseline && effectiveFrom > year.start) {
      await replaceTargetVersionsFrom(tx, organization.id, kpi.id, year.start, baseline);
      versions.push({ ...baseline, effectiveFrom: year.start } as (typeof versions)[number]);
    }
    // A KPI with no earlier targets at all gets its first version for the whole year.
    const from = versions.length === 0 ? year.start : effectiveFrom;
    const inForce = versions.filter((version) => version.effectiveFrom <= from).at(-1);
    if (inForce && sameTargets(inForce, target) && !versions.some((version) => version.effectiveFrom > from)) continue;
    await replaceTargetVersionsFrom(tx, organization.id, kpi.id, from, target);
  }
}
