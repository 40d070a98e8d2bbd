import type { Decimal } from "./decimal";

/**
 * Validated engine input. Dates are ISO calendar dates ("2027-01-04") in the
 * organization's time zone; decimals are exact. The plan-file parser and the
 * database layer both produce this shape, so every screen and the command line
 * compute with the same functions.
 */

export type IsoDate = string;

export type Weekday =
  | "monday"
  | "tuesday"
  | "wednesday"
  | "thursday"
  | "friday"
  | "saturday"
  | "sunday";

export const WEEKDAYS: readonly Weekday[] = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
];

export type FiscalYearNaming = "start" | "end";
export type MonthPattern = "4-4-5" | "4-5-4" | "5-4-4";

export interface CalendarSettings {
  /** Month the fiscal year starts in, 1–12. */
  fiscalYearStartMonth: number;
  weekStartsOn: Weekday;
  fiscalYearNaming: FiscalYearNaming;
  monthPattern: MonthPattern;
}

export const DEFAULT_CALENDAR: CalendarSettings = {
  fiscalYearStartMonth: 1,
  weekStartsOn: "monday",
  fiscalYearNaming: "end",
  monthPattern: "4-4-5",
};

export type Branch = "marketing" | "sales" | "existing";
export type NewRevenueBranch = "marketing" | "sales";

export interface CustomerRevenueRow {
  customer: string;
  /** "YYYY-MM" */
  month: string;
  revenue: Decimal;
}

export interface PlanSettings {
  /** Label year under the organization's naming rule. */
  fiscalYear: number;
  revenueGoal: Decimal;
  contractedRevenue: Decimal;
  expansionRevenue: Decimal;
  newRevenueBySource: Record<NewRevenueBranch, Decimal>;
  /** Either this or customerRevenueHistory is present. */
  averageCustomerValue: Decimal | null;
  customerRevenueHistory: CustomerRevenueRow[] | null;
  averageExpansionValue: Decimal | null;
  lastYearNewCustomers: Record<NewRevenueBranch, number> | null;
  historicalYearOverYearGrowth: Decimal | null;
  /** Default 2. */
  stretchFactor: Decimal;
  /** Relative improvement tried per transition by the what-if analysis, default 0.1. */
  whatIfStep: Decimal;
}

export interface StageInput {
  key: string;
  name: string;
  lastYear: number;
  /** Planned conversion rate to the next stage, 0 < rate ≤ 1. */
  plannedRate: Decimal | null;
  historicalGrowth: Decimal | null;
}

export interface FunnelInput {
  key: string;
  branch: Branch;
  name: string;
  customerShare: Decimal;
  stages: StageInput[];
}

export type KpiUnit = "count" | "currency" | "percent" | "ratio";
export type Aggregation = "sum" | "average" | "last";
export type Direction =
  | "at_least"
  | "above"
  | "at_most"
  | "below"
  | "equal"
  | "between"
  | "outside";

export interface Band {
  low: Decimal;
  high: Decimal;
}

export interface TargetVersion {
  /** Any date; the version applies from the week that contains it. */
  effectiveFrom: IsoDate;
  annualTarget: Decimal;
  /** Four shares adding up to exactly 1 (sum KPIs only). */
  quarterWeights: [Decimal, Decimal, Decimal, Decimal] | null;
  /** Per-quarter levels for average and last-value KPIs. */
  quarterLevels: [Decimal, Decimal, Decimal, Decimal] | null;
}

export interface ActualInput {
  /** Any date inside the week. */
  week: IsoDate;
  value: Decimal;
  note: string | null;
}

export interface KpiInput {
  key: string;
  name: string;
  branch: Branch;
  unit: KpiUnit;
  aggregation: Aggregation;
  direction: Direction;
  /**
   * A target derived from a funnel stage's needed volume. The parser leaves the
   * single version's annualTarget at 0 and the plan computation replaces it.
   */
  targetFromStage: { funnel: string; stage: string } | null;
  /**
   * Target versions in effective order. A KPI with a single annual target has
   * one version effective from the fiscal year's first day. Empty for a KPI
   * whose target is a band alone.
   */
  targetVersions: TargetVersion[];
  band: Band | null;
  /** Fraction of the target, e.g. 0.05. */
  tolerance: Decimal | null;
  blankIsZero: boolean;
  /** Default 3. */
  trendWeeks: number;
  weeklyOverrides: { week: IsoDate; target: Decimal }[];
  ratio: { numerator: string; denominator: string } | null;
  actuals: ActualInput[];
  play: string | null;
  focusArea: string | null;
}

export interface IndicatorInput {
  name: string;
  unit: string;
  lastYear: Decimal;
  stage: string | null;
}

export interface PlanInput {
  calendar: CalendarSettings;
  plan: PlanSettings;
  indicators: IndicatorInput[];
  funnels: FunnelInput[];
  kpis: KpiInput[];
  asOf: IsoDate;
}

/**
 * One problem found in a plan. `path` is a JSON path into the plan input, such
 * as `funnels[0].stages[3].plannedRate` or `plan.newRevenueBySource`; forms use
 * it to show the message at the field.
 */
export interface PlanIssue {
  path: string;
  message: string;
}
