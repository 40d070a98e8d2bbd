import { computePlan, type PlanResult } from "@/lib/engine/plan";
import { PlanValidationError } from "@/lib/engine/funnel";
import { fiscalYearByLabel, type FiscalYear } from "@/lib/engine/calendar";
import { parseDecimal } from "@/lib/engine/decimal";
import { evaluateKpi, type KpiEvaluation } from "@/lib/engine/kpi";
import type { KpiInput, PlanInput, PlanIssue } from "@/lib/engine/types";

export interface PlanEvaluation {
  year: FiscalYear;
  result: PlanResult | null;
  issues: PlanIssue[];
  /** KPIs with stage-derived targets filled in, keyed by KPI key. */
  kpis: Map<string, KpiInput>;
  /** Exact week-by-week results per KPI key, for the scorecard. */
  evaluations: Map<string, KpiEvaluation>;
}

/** Computes a stored plan; a plan the engine rejects comes back with its issues instead of throwing. */
export function evaluatePlan(input: PlanInput): PlanEvaluation {
  const year = fiscalYearByLabel(input.calendar, input.plan.fiscalYear);
  let result: PlanResult;
  try {
    result = computePlan(input);
  } catch (error) {
    if (error instanceof PlanValidationError) {
      return { year, result: null, issues: error.issues, kpis: new Map(), evaluations: new Map() };
    }
    throw error;
  }

  const kpis = new Map(input.kpis.map((kpi) => [kpi.key, resolveTarget(kpi, result)]));
  const context = { year, asOf: input.asOf, kpisByKey: kpis };
  const evaluations = new Map([...kpis].map(([key, kpi]) => [key, evaluateKpi(kpi, context)]));
  return { year, result, issues: [], kpis, evaluations };
}

function resolveTarget(kpi: KpiInput, result: PlanResult): KpiInput {
  if (!kpi.targetFromStage) return kpi;
  const needed = result.funnels[kpi.targetFromStage.funnel]?.neededVolumes[kpi.targetFromStage.stage];
  if (needed === undefined || needed === null) return kpi;
  return {
    ...kpi,
    targetVersions: kpi.targetVersions.map((version) => ({ ...version, annualTarget: parseDecimal(String(needed)) })),
  };
}
