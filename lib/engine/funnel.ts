import { ONE, ZERO, ceilToInteger, formatDecimal, type Decimal } from "./decimal";
import type { Branch, FunnelInput, PlanIssue } from "./types";

/**
 * Thrown when a plan cannot be computed. `issues` lists every problem found,
 * each with a JSON path into the plan input (see `PlanIssue`), such as
 * `plan.newRevenueBySource`, `funnels[0].customerShare`,
 * `funnels[0].stages[3].plannedRate`, `kpis[2].targetVersions[0].quarterWeights`
 * or `kpis[0].actuals[4].week`.
 */
export class PlanValidationError extends Error {
  readonly issues: PlanIssue[];

  constructor(issues: PlanIssue[]) {
    const first = issues[0];
    const summary = first === undefined ? "invalid plan" : `${first.path}: ${first.message}`;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(summary + more);
    this.name = "PlanValidationError";
    this.issues = issues;
  }
}

export type Feasibility = "within_reach" | "stretch" | "out_of_reach" | "unknown";

/** Funnel verdicts from best to worst; a funnel takes the worst verdict of its stages. */
const FEASIBILITY_ORDER: readonly Feasibility[] = ["within_reach", "unknown", "stretch", "out_of_reach"];

export type FunnelWarningCode = "rate_above_one" | "no_last_year_volume";

export interface FunnelWarning {
  /** "{upper}->{lower}" with stage keys. */
  transition: string;
  code: FunnelWarningCode;
}

export interface FunnelSolveOptions {
  /** The organization's year-over-year growth, used for stages without their own. */
  historicalGrowth: Decimal | null;
  /** Multiple of the historical growth still counted as a stretch (default 2). */
  stretchFactor: Decimal;
  /** Relative improvement the what-if analysis tries on each rate (default 0.1). */
  whatIfStep: Decimal;
}

export interface WhatIfResult {
  step: Decimal;
  /** Top-of-funnel volume needed with every rate as planned. */
  baseTopOfFunnel: number;
  /** Top-of-funnel volume needed with only that transition's rate improved. */
  topOfFunnel: Record<string, number>;
  /** The first transition of the ranking, or null when no improvement lowers the volume. */
  bestLever: string | null;
  /** Transitions by top-of-funnel volume, lowest first; the upper transition wins a tie. */
  ranking: string[];
  /** Transitions whose rate is already 1 and so gain nothing. */
  atMaximum: string[];
}

export interface FunnelSolution {
  key: string;
  branch: Branch;
  /** The branch's customers × this funnel's share, rounded up. */
  customersNeeded: number;
  /** Transition keys "{upper}->{lower}", top first. */
  transitions: string[];
  /** volume(i+1) / volume(i) exactly, null where last year's upper volume was 0. */
  lastYearRates: Record<string, Decimal | null>;
  /** The rates back-solving uses: planned, or last year's capped at 1. */
  conversionRates: Record<string, Decimal>;
  warnings: FunnelWarning[];
  /** From each stage but the last to the last stage: the product of the rates between. */
  overallConversion: Record<string, Decimal>;
  neededVolumes: Record<string, number>;
  /** needed / last year − 1, null where last year was 0. */
  growthRequired: Record<string, Decimal | null>;
  feasibility: {
    verdict: Feasibility;
    firstStageOutOfReach: string | null;
    stages: Record<string, Feasibility>;
  };
  whatIf: WhatIfResult;
}

export function transitionKey(upper: string, lower: string): string {
  return `${upper}->${lower}`;
}

/**
 * Checks the parts of a funnel that back-solving depends on. `path` is the
 * funnel's JSON path, such as `funnels[0]`; every issue path starts with it.
 */
export function validateFunnel(funnel: FunnelInput, path: string): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const stages = funnel.stages;

  if (funnel.customerShare.compare(ZERO) < 0 || funnel.customerShare.compare(ONE) > 0) {
    issues.push({
      path: `${path}.customerShare`,
      message: `customer share of funnel "${funnel.key}" is ${formatDecimal(funnel.customerShare)}; it must be between 0 and 1`,
    });
  }
  if (stages.length < 2) {
    issues.push({
      path: `${path}.stages`,
      message: `funnel "${funnel.key}" has ${stages.length} stage(s); it needs at least two, the last being customers`,
    });
  }

  const seenKeys = new Set<string>();
  stages.forEach((stage, index) => {
    const stagePath = `${path}.stages[${index}]`;
    if (seenKeys.has(stage.key)) {
      issues.push({
        path: `${stagePath}.key`,
        message: `stage key "${stage.key}" appears twice in funnel "${funnel.key}"; give each stage its own key`,
      });
    }
    seenKeys.add(stage.key);
    if (!Number.isSafeInteger(stage.lastYear) || stage.lastYear < 0) {
      issues.push({
        path: `${stagePath}.lastYear`,
        message: `last year's volume of stage "${stage.key}" is ${stage.lastYear}; it must be a whole number, 0 or more`,
      });
    }
  });

  const last = stages[stages.length - 1];
  if (last !== undefined && last.plannedRate !== null && stages.length >= 2) {
    issues.push({
      path: `${path}.stages[${stages.length - 1}].plannedRate`,
      message: `stage "${last.key}" is the last stage and has no next stage; remove its planned rate`,
    });
  }

  for (let index = 0; index + 1 < stages.length; index++) {
    const upper = stages[index]!;
    const lower = stages[index + 1]!;
    const transition = transitionKey(upper.key, lower.key);
    const ratePath = `${path}.stages[${index}].plannedRate`;

    if (upper.plannedRate !== null) {
      if (upper.plannedRate.compare(ZERO) <= 0 || upper.plannedRate.compare(ONE) > 0) {
        issues.push({
          path: ratePath,
          message: `planned rate ${transition} is ${formatDecimal(upper.plannedRate)}; it must be above 0 and at most 1`,
        });
      }
      continue;
    }
    if (upper.lastYear === 0) {
      issues.push({
        path: ratePath,
        message: `rate ${transition} is undefined because stage "${upper.key}" had no volume last year; enter a planned rate`,
      });
    } else if (lower.lastYear === 0) {
      issues.push({
        path: ratePath,
        message: `last year's rate ${transition} is 0 because stage "${lower.key}" had no volume, so it cannot be back-solved; enter a planned rate`,
      });
    }
  }
  return issues;
}

/** Customers a funnel must deliver: the branch's customers × the funnel's share, rounded up. */
export function funnelCustomersNeeded(branchCustomers: number, customerShare: Decimal): number {
  return ceilToInteger(customerShare.mul(branchCustomers));
}

/**
 * Computes, from the bottom up, the volume each stage needs:
 * needed(i) = ceil(needed(i+1) / rate(i)), exactly. Rounding up at every stage
 * keeps each stage large enough to feed the next.
 */
export function neededVolumesFromRates(bottom: number, rates: readonly Decimal[]): number[] {
  const needed: Decimal[] = new Array<Decimal>(rates.length + 1);
  needed[rates.length] = ZERO.add(bottom);
  for (let index = rates.length - 1; index >= 0; index--) {
    needed[index] = needed[index + 1]!.div(rates[index]!).ceil();
  }
  // NOTE: volumes above Number.MAX_SAFE_INTEGER (about 9 × 10^15) lose precision
  // here; the chain above stays exact, only the returned JS numbers are rounded.
  return needed.map(ceilToInteger);
}

/** Judges a required growth against the historical growth g and the stretch factor. */
export function judgeFeasibility(
  growth: Decimal | null,
  historicalGrowth: Decimal | null,
  stretchFactor: Decimal,
): Feasibility {
  if (growth === null || historicalGrowth === null) return "unknown";
  if (growth.compare(historicalGrowth) <= 0) return "within_reach";
  if (historicalGrowth.compare(ZERO) > 0 && growth.compare(historicalGrowth.mul(stretchFactor)) <= 0) {
    return "stretch";
  }
  return "out_of_reach";
}

/** Returns the worse of two verdicts: out of reach, then stretch, then unknown, then within reach. */
export function worseFeasibility(a: Feasibility, b: Feasibility): Feasibility {
  return FEASIBILITY_ORDER.indexOf(a) >= FEASIBILITY_ORDER.indexOf(b) ? a : b;
}

/**
 * Back-solves a funnel: the rate used per transition, the volume each stage
 * needs to deliver its customers, the growth that requires, feasibility and
 * the what-if analysis. Values stay exact Decimals and integers so a page can
 * show them live. Throws PlanValidationError with paths under `path` when
 * `validateFunnel` finds a problem.
 */
export function backSolveFunnel(
  funnel: FunnelInput,
  branchCustomers: number,
  options: FunnelSolveOptions,
  path = "funnel",
): FunnelSolution {
  const issues = validateFunnel(funnel, path);
  if (issues.length > 0) throw new PlanValidationError(issues);

  const stages = funnel.stages;
  const transitions: string[] = [];
  const lastYearRates: [string, Decimal | null][] = [];
  const usedRates: Decimal[] = [];
  const warnings: FunnelWarning[] = [];

  for (let index = 0; index + 1 < stages.length; index++) {
    const upper = stages[index]!;
    const lower = stages[index + 1]!;
    const transition = transitionKey(upper.key, lower.key);
    transitions.push(transition);

    const lastYearRate = upper.lastYear === 0 ? null : ZERO.add(lower.lastYear).div(upper.lastYear);
    lastYearRates.push([transition, lastYearRate]);

    if (upper.plannedRate !== null) {
      usedRates.push(upper.plannedRate);
      if (lastYearRate === null) warnings.push({ transition, code: "no_last_year_volume" });
    } else if (lastYearRate !== null && lastYearRate.compare(ONE) > 0) {
      // Stages counted independently (sales creating SQLs that were never MQLs) can
      // exceed 100 %; a capped rate keeps every stage at least as large as the next.
      usedRates.push(ONE);
      warnings.push({ transition, code: "rate_above_one" });
    } else {
      usedRates.push(lastYearRate!);
    }
  }

  const customersNeeded = funnelCustomersNeeded(branchCustomers, funnel.customerShare);
  const needed = neededVolumesFromRates(customersNeeded, usedRates);

  const overallConversion: [string, Decimal][] = [];
  const lastStage = stages[stages.length - 1]!;
  let product = ONE;
  for (let index = stages.length - 2; index >= 0; index--) {
    product = product.mul(usedRates[index]!);
    overallConversion.unshift([transitionKey(stages[index]!.key, lastStage.key), product]);
  }

  const growthRequired: [string, Decimal | null][] = [];
  const stageVerdicts: [string, Feasibility][] = [];
  let verdict: Feasibility = "within_reach";
  let firstStageOutOfReach: string | null = null;
  stages.forEach((stage, index) => {
    const neededVolume = needed[index]!;
    const growth = stage.lastYear === 0 ? null : ZERO.add(neededVolume).div(stage.lastYear).sub(ONE);
    growthRequired.push([stage.key, growth]);
    const stageVerdict = judgeFeasibility(
      growth,
      stage.historicalGrowth ?? options.historicalGrowth,
      options.stretchFactor,
    );
    stageVerdicts.push([stage.key, stageVerdict]);
    verdict = worseFeasibility(verdict, stageVerdict);
    if (stageVerdict === "out_of_reach" && firstStageOutOfReach === null) {
      firstStageOutOfReach = stage.key;
    }
  });

  return {
    key: funnel.key,
    branch: funnel.branch,
    customersNeeded,
    transitions,
    lastYearRates: Object.fromEntries(lastYearRates),
    conversionRates: Object.fromEntries(transitions.map((t, i) => [t, usedRates[i]!])),
    warnings,
    overallConversion: Object.fromEntries(overallConversion),
    neededVolumes: Object.fromEntries(stages.map((stage, i) => [stage.key, needed[i]!])),
    growthRequired: Object.fromEntries(growthRequired),
    feasibility: {
      verdict,
      firstStageOutOfReach,
      stages: Object.fromEntries(stageVerdicts),
    },
    whatIf: analyzeWhatIf(transitions, usedRates, customersNeeded, options.whatIfStep),
  };
}

/**
 * Raises each rate in turn by the relative `step` (never above 1), keeps the
 * others, and ranks the transitions by the top-of-funnel volume that leaves.
 */
export function analyzeWhatIf(
  transitions: readonly string[],
  rates: readonly Decimal[],
  customersNeeded: number,
  step: Decimal,
): WhatIfResult {
  const baseTopOfFunnel = neededVolumesFromRates(customersNeeded, rates)[0]!;
  const factor = ONE.add(step);
  const tops: number[] = [];
  const atMaximum: string[] = [];

  transitions.forEach((transition, index) => {
    const rate = rates[index]!;
    if (rate.compare(ONE) >= 0) {
      atMaximum.push(transition);
      tops.push(baseTopOfFunnel);
      return;
    }
    const raised = rate.mul(factor);
    const improved = [...rates];
    improved[index] = raised.compare(ONE) > 0 ? ONE : raised;
    tops.push(neededVolumesFromRates(customersNeeded, improved)[0]!);
  });

  const order = transitions.map((_, index) => index);
  order.sort((a, b) => tops[a]! - tops[b]! || a - b);
  const ranking = order.map((index) => transitions[index]!);
  const best = order[0];
  const bestLever =
    best !== undefined && tops[best]! < baseTopOfFunnel ? transitions[best]! : null;

  return {
    step,
    baseTopOfFunnel,
    topOfFunnel: Object.fromEntries(transitions.map((t, i) => [t, tops[i]!])),
    bestLever,
    ranking,
    atMaximum,
  };
}

/** Overall conversion between two stages of a solved funnel: the product of the rates between them. */
export function overallConversionBetween(
  solution: FunnelSolution,
  upperStage: string,
  lowerStage: string,
): Decimal | null {
  const stageKeys = Object.keys(solution.neededVolumes);
  const from = stageKeys.indexOf(upperStage);
  const to = stageKeys.indexOf(lowerStage);
  if (from < 0 || to < 0 || from > to) return null;
  let product = ONE;
  for (let index = from; index < to; index++) {
    product = product.mul(solution.conversionRates[solution.transitions[index]!]!);
  }
  return product;
}

/** Converts a funnel solution into the JSON output form: decimals as canonical strings. */
export function formatFunnelSolution(solution: FunnelSolution) {
  const formatRecord = (record: Record<string, Decimal | null>) =>
    Object.fromEntries(
      Object.entries(record).map(([key, value]) => [key, value === null ? null : formatDecimal(value)]),
    );
  return {
    branch: solution.branch,
    customersNeeded: solution.customersNeeded,
    lastYearRates: formatRecord(solution.lastYearRates),
    conversionRates: formatRecord(solution.conversionRates),
    warnings: solution.warnings.map((warning) => ({ ...warning })),
    overallConversion: formatRecord(solution.overallConversion),
    neededVolumes: { ...solution.neededVolumes },
    growthRequired: formatRecord(solution.growthRequired),
    feasibility: {
      verdict: solution.feasibility.verdict,
      firstStageOutOfReach: solution.feasibility.firstStageOutOfReach,
      stages: { ...solution.feasibility.stages },
    },
    whatIf: {
      step: formatDecimal(solution.whatIf.step),
      topOfFunnel: { ...solution.whatIf.topOfFunnel },
      bestLever: solution.whatIf.bestLever,
      ranking: [...solution.whatIf.ranking],
      atMaximum: [...solution.whatIf.atMaximum],
    },
  };
}

export type FunnelOutput = ReturnType<typeof formatFunnelSolution>;
