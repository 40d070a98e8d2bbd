import { z } from "zod";
import { fiscalYearByLabel, isIsoDate } from "./calendar";
import { ONE, ZERO, decimal, formatDecimal, isPlainDecimal, sumDecimals, type Decimal } from "./decimal";
import { validateFunnel } from "./funnel";
import { validatePlan } from "./plan";
import { monthIndex } from "./revenue";
import {
  DEFAULT_CALENDAR,
  WEEKDAYS,
  type CalendarSettings,
  type FunnelInput,
  type KpiInput,
  type PlanInput,
  type PlanIssue,
  type TargetVersion,
} from "./types";

/**
 * The plan-file format: a JSON object read by `npm run plan`. The schema
 * rejects unknown keys, reads decimals from strings or JSON numbers, and
 * reports each problem with its JSON path. Checks that need the whole plan
 * (goal parts adding up, shares per branch) run in computePlan.
 */

interface DecimalBounds {
  /** Smallest allowed value. */
  min?: Decimal;
  /** When true, `min` itself is rejected. */
  minExclusive?: boolean;
  max?: Decimal;
  /** Describes the allowed range in messages, e.g. "above 0 and at most 1". */
  range?: string;
}

function decimalField(bounds: DecimalBounds = {}) {
  return z.unknown().transform((value, ctx): Decimal => {
    let parsed: Decimal;
    if (typeof value === "string" && isPlainDecimal(value.trim())) {
      parsed = decimal(value.trim());
    } else if (typeof value === "number" && Number.isFinite(value)) {
      parsed = decimal(value);
    } else {
      const problem = value === undefined ? "missing required value" : `${JSON.stringify(value)} is not a decimal`;
      ctx.addIssue({ code: "custom", message: `${problem}; write a decimal as a string like "1250" or "0.064"` });
      return z.NEVER;
    }
    const { min, max, minExclusive } = bounds;
    const belowMin =
      min !== undefined && (minExclusive ? parsed.compare(min) <= 0 : parsed.compare(min) < 0);
    const aboveMax = max !== undefined && parsed.compare(max) > 0;
    if (belowMin || aboveMax) {
      ctx.addIssue({
        code: "custom",
        message: `${formatDecimal(parsed)} is out of range; the value must be ${bounds.range ?? "valid"}`,
      });
      return z.NEVER;
    }
    return parsed;
  });
}

const nonNegativeDecimal = () => decimalField({ min: ZERO, range: "0 or more" });
const positiveDecimal = () => decimalField({ min: ZERO, minExclusive: true, range: "above 0" });
const shareDecimal = () => decimalField({ min: ZERO, max: ONE, range: "between 0 and 1" });

const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .number({ error: (issue) => `${JSON.stringify(issue.input) ?? "nothing"} is not a number; write a whole number` })
    .int({ error: (issue) => `${String(issue.input)} is not a whole number; write an integer` })
    .min(min, { error: `the value must be ${min} or more` })
    .max(max, { error: `the value must be at most ${max}` });

const text = () =>
  z.string({ error: (issue) => `${JSON.stringify(issue.input) ?? "nothing"} is not text; write a string` });

const nonEmptyText = () => text().trim().min(1, { error: "the text is empty; write a value" });

/** Keys appear in output maps and in "{upper}->{lower}" transition names. */
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const keyField = () =>
  text().regex(KEY_PATTERN, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a valid key; use letters, digits, "_" and "-", starting with a letter or digit`,
  });

const isoDate = () =>
  z.unknown().refine(isIsoDate, {
    error: (issue) =>
      `${issue.input === undefined ? "missing required date" : `${JSON.stringify(issue.input)} is not a date`}; write it as YYYY-MM-DD`,
  }) as unknown as z.ZodType<string>;

const monthText = () =>
  text().refine(
    (value) => {
      try {
        monthIndex(value);
        return true;
      } catch {
        return false;
      }
    },
    { error: (issue) => `${JSON.stringify(issue.input)} is not a month; write it as YYYY-MM` },
  );

const enumField = <T extends string>(values: readonly [T, ...T[]]) =>
  z.enum(values, {
    error: (issue) => `${JSON.stringify(issue.input) ?? "nothing"} is invalid; use one of ${values.join(", ")}`,
  });

const weekdayField = () => enumField(WEEKDAYS as unknown as readonly ["monday", ...Exclude<(typeof WEEKDAYS)[number], "monday">[]]);
const branchField = () => enumField(["marketing", "sales", "existing"] as const);
const unitField = () => enumField(["count", "currency", "percent", "ratio"] as const);

const quarterTuple = (item: () => z.ZodType<Decimal>) => z.tuple([item(), item(), item(), item()], {
  error: "write exactly four values, one per quarter",
});

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const organizationSchema = z.strictObject({
  name: nonEmptyText(),
  slug: keyField().optional(),
  currency: text()
    .regex(/^[A-Z]{3}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a currency code; write three capital letters like USD` })
    .optional(),
  timeZone: text()
    .refine(isValidTimeZone, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a known time zone; write an IANA name like America/Chicago`,
    })
    .optional(),
  fiscalYearStartMonth: wholeNumber(1, 12).optional(),
  weekStartsOn: weekdayField().optional(),
  fiscalYearNaming: enumField(["start", "end"] as const).optional(),
  monthPattern: enumField(["4-4-5", "4-5-4", "5-4-4"] as const).optional(),
  meeting: z
    .strictObject({
      weekday: weekdayField(),
      time: text().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
        error: (issue) => `${JSON.stringify(issue.input)} is not a time; write it as HH:MM, 24-hour`,
      }),
    })
    .optional(),
});

const bySourceSchema = <T extends z.ZodType>(item: () => T) =>
  z.strictObject({ sales: item(), marketing: item() });

const planObjectSchema = z.strictObject({
    fiscalYear: wholeNumber(1900, 9998),
    revenueGoal: nonNegativeDecimal(),
    contractedRevenue: nonNegativeDecimal(),
    expansionRevenue: nonNegativeDecimal(),
    newRevenueBySource: bySourceSchema(nonNegativeDecimal),
    averageCustomerValue: positiveDecimal().optional(),
    customerRevenueHistory: z
      .array(
        z.strictObject({
          customer: nonEmptyText(),
          month: monthText(),
          revenue: nonNegativeDecimal(),
        }),
      )
      .optional(),
    averageExpansionValue: positiveDecimal().optional(),
    lastYearNewCustomers: bySourceSchema(() => wholeNumber(0)).optional(),
    historicalYearOverYearGrowth: decimalField().optional(),
    stretchFactor: decimalField({ min: ONE, range: "1 or more" }).optional(),
    whatIfStep: positiveDecimal().optional(),
});

const planSchema = planObjectSchema.superRefine((plan, ctx) => {
    const hasValue = plan.averageCustomerValue !== undefined;
    const hasHistory = plan.customerRevenueHistory !== undefined;
    if (hasValue === hasHistory) {
      ctx.addIssue({
        code: "custom",
        path: ["averageCustomerValue"],
        message: hasValue
          ? "give either averageCustomerValue or customerRevenueHistory, not both"
          : "missing customer value: give averageCustomerValue or customerRevenueHistory",
      });
    }
  });

const indicatorSchema = z.strictObject({
  name: nonEmptyText(),
  // Any metric can be recorded, so its unit is free text ("sessions", "USD").
  unit: nonEmptyText(),
  lastYear: decimalField(),
  stage: keyField().optional(),
});

const stageSchema = z.strictObject({
  key: keyField(),
  name: nonEmptyText(),
  lastYear: wholeNumber(0),
  // The funnel checks the range, so that the message can name the transition.
  plannedRate: decimalField().optional(),
  historicalGrowth: decimalField().optional(),
});

const funnelObjectSchema = z.strictObject({
  key: keyField(),
  branch: branchField(),
  name: nonEmptyText(),
  customerShare: shareDecimal().optional(),
  stages: z.array(stageSchema).min(2, { error: "a funnel needs at least two stages, the last being customers" }),
});

const funnelSchema = funnelObjectSchema.superRefine((funnel, ctx) => {
  // The schema already reports a bad lastYear or too few stages, so only the other findings are added.
  const issues = validateFunnel(toFunnelInput(funnel), "").filter(
    (issue) => !issue.path.endsWith(".lastYear") && issue.path !== ".stages",
  );
  for (const issue of issues) {
    // validateFunnel paths start with "." under an empty prefix: ".stages[3].plannedRate".
    const path = issue.path.match(/[A-Za-z]+|\d+/g)?.map((part) => (/^\d+$/.test(part) ? Number(part) : part)) ?? [];
    ctx.addIssue({ code: "custom", path, message: issue.message });
  }
});

type FunnelFile = z.infer<typeof funnelObjectSchema>;

const targetVersionSchema = z.strictObject({
  effectiveFrom: isoDate(),
  annualTarget: decimalField(),
  quarterWeights: quarterTuple(nonNegativeDecimal).optional(),
  quarterLevels: quarterTuple(decimalField).optional(),
});

const kpiObjectSchema = z.strictObject({
  key: keyField(),
  name: nonEmptyText(),
  branch: branchField(),
  unit: unitField(),
  aggregation: enumField(["sum", "average", "last"] as const),
  direction: enumField(["at_least", "above", "at_most", "below", "equal", "between", "outside"] as const),
  funnel: keyField().optional(),
  targetFromStage: keyField().optional(),
  annualTarget: decimalField().optional(),
  quarterWeights: quarterTuple(nonNegativeDecimal).optional(),
  quarterLevels: quarterTuple(decimalField).optional(),
  targetVersions: z.array(targetVersionSchema).min(1, { error: "list at least one target version" }).optional(),
  band: z.strictObject({ low: decimalField(), high: decimalField() }).optional(),
  tolerance: nonNegativeDecimal().optional(),
  blankIsZero: z.boolean({ error: (issue) => `${JSON.stringify(issue.input)} is not a boolean; write true or false` }).optional(),
  trendWeeks: wholeNumber(1, 53).optional(),
  weeklyOverrides: z.array(z.strictObject({ week: isoDate(), target: decimalField() })).optional(),
  ratio: z.strictObject({ numerator: keyField(), denominator: keyField() }).optional(),
  play: text().optional(),
  focusArea: text().optional(),
  actuals: z
    .array(z.strictObject({ week: isoDate(), value: decimalField(), note: text().optional() }))
    .optional(),
});

type KpiFile = z.infer<typeof kpiObjectSchema>;
type Path = (string | number)[];
type AddIssue = (path: Path, message: string) => void;

// Checking the target per KPI, not per file, keeps these errors in the report
// when another part of the file has an invalid value.
const kpiSchema = kpiObjectSchema.superRefine((kpi, ctx) => {
  checkKpiTarget(kpi, [], (path, message) => ctx.addIssue({ code: "custom", path, message }));
});

/** Top-level fields; `checked` adds the checks that span several fields of a plan, funnel or KPI. */
function planFileFields(checked: boolean) {
  return {
    about: z.unknown().optional(),
    assumed: z.unknown().optional(),
    expected: z.unknown().optional(),
    organization: organizationSchema,
    plan: checked ? planSchema : planObjectSchema,
    indicators: z.array(indicatorSchema).optional(),
    funnels: z.array(checked ? funnelSchema : funnelObjectSchema).optional(),
    kpis: z.array(checked ? kpiSchema : kpiObjectSchema).optional(),
    asOf: isoDate(),
  };
}

const planFileSchema = z.strictObject(planFileFields(true)).superRefine((file, ctx) => {
  const add: AddIssue = (path, message) => ctx.addIssue({ code: "custom", path, message });
  // zod skips this check when any value in the file failed its own check, so
  // wholePlanIssues runs it again on the parts of the file that are valid.
  checkCrossReferences(file.funnels ?? [], file.kpis ?? [], file.indicators ?? [], add);
});

/** The file's shape without the checks across fields, for finding the remaining problems of an invalid file. */
const planFileShapeSchema = z.strictObject(planFileFields(false));

type PlanFile = z.infer<typeof planFileShapeSchema>;

function checkCrossReferences(
  funnels: NonNullable<PlanFile["funnels"]>,
  kpis: KpiFile[],
  indicators: NonNullable<PlanFile["indicators"]>,
  add: AddIssue,
): void {
  const funnelKeys = new Set<string>();
  funnels.forEach((funnel, index) => {
    if (funnelKeys.has(funnel.key)) {
      add(["funnels", index, "key"], `funnel key "${funnel.key}" appears twice; give each funnel its own key`);
    }
    funnelKeys.add(funnel.key);
  });
  const allStageKeys = new Set(funnels.flatMap((funnel) => funnel.stages.map((stage) => stage.key)));
  indicators.forEach((indicator, index) => {
    if (indicator.stage !== undefined && !allStageKeys.has(indicator.stage)) {
      add(["indicators", index, "stage"], `stage "${indicator.stage}" is not a stage of any funnel; use a stage key`);
    }
  });

  const kpiKeys = new Set<string>();
  kpis.forEach((kpi, index) => {
    if (kpiKeys.has(kpi.key)) {
      add(["kpis", index, "key"], `KPI key "${kpi.key}" appears twice; give each KPI its own key`);
    }
    kpiKeys.add(kpi.key);
  });
  kpis.forEach((kpi, index) => {
    if (kpi.ratio === undefined) return;
    for (const side of ["numerator", "denominator"] as const) {
      const key = kpi.ratio[side];
      if (!kpiKeys.has(key) || key === kpi.key) {
        add(["kpis", index, "ratio", side], `"${key}" is not another KPI's key; name the KPI this ratio divides`);
      }
    }
  });

  kpis.forEach((kpi, index) => {
    if (kpi.funnel === undefined || kpi.targetFromStage === undefined) return;
    const funnel = funnels.find((candidate) => candidate.key === kpi.funnel);
    if (funnel === undefined) {
      add(["kpis", index, "funnel"], `funnel "${kpi.funnel}" does not exist; use one of the funnel keys`);
    } else if (!funnel.stages.some((stage) => stage.key === kpi.targetFromStage)) {
      add(
        ["kpis", index, "targetFromStage"],
        `stage "${kpi.targetFromStage}" is not a stage of funnel "${funnel.key}"; use one of ${funnel.stages.map((s) => s.key).join(", ")}`,
      );
    }
  });
}

/** Checks a quarter-weight tuple adds up to exactly 1 and names the sum otherwise. */
function checkWeights(weights: readonly Decimal[], path: Path, add: AddIssue): void {
  const sum = sumDecimals(weights);
  if (!sum.equals(ONE)) {
    add(path, `quarter weights add up to ${formatDecimal(sum)}; they must add up to exactly 1`);
  }
}

function checkKpiTarget(kpi: KpiFile, path: Path, add: AddIssue): void {
  const isBandDirection = kpi.direction === "between" || kpi.direction === "outside";
  const fromStage = kpi.funnel !== undefined || kpi.targetFromStage !== undefined;
  if (fromStage && (kpi.funnel === undefined || kpi.targetFromStage === undefined)) {
    add([...path, kpi.funnel === undefined ? "funnel" : "targetFromStage"], "give funnel and targetFromStage together");
  }

  const forms = [fromStage, kpi.annualTarget !== undefined, kpi.targetVersions !== undefined].filter(Boolean).length;
  if (forms > 1) {
    add(path, "give only one target: funnel + targetFromStage, annualTarget or targetVersions");
  }
  if (isBandDirection) {
    if (kpi.band === undefined) add([...path, "band"], `direction ${kpi.direction} needs a band with low and high`);
    if (forms > 0) add(path, `a ${kpi.direction} KPI is judged against its band alone; remove the other target`);
  } else {
    if (kpi.band !== undefined) add([...path, "band"], `a band applies only to between and outside KPIs; remove it or change the direction`);
    if (forms === 0) add(path, "missing target: give annualTarget, targetVersions or funnel + targetFromStage");
  }
  if (kpi.band !== undefined && kpi.band.low.compare(kpi.band.high) > 0) {
    add([...path, "band"], `band low ${formatDecimal(kpi.band.low)} is above high ${formatDecimal(kpi.band.high)}; swap them`);
  }

  const isSum = kpi.aggregation === "sum";
  if (kpi.targetVersions !== undefined) {
    if (kpi.quarterWeights !== undefined) add([...path, "quarterWeights"], "with targetVersions, give quarterWeights inside each version");
    if (kpi.quarterLevels !== undefined) add([...path, "quarterLevels"], "with targetVersions, give quarterLevels inside each version");
    kpi.targetVersions.forEach((version, index) => {
      const versionPath = [...path, "targetVersions", index];
      checkWeightsAndLevels(isSum, version.quarterWeights, version.quarterLevels, versionPath, add);
      const previous = kpi.targetVersions![index - 1];
      if (previous !== undefined && previous.effectiveFrom >= version.effectiveFrom) {
        add([...versionPath, "effectiveFrom"], `${version.effectiveFrom} is not after the previous version's ${previous.effectiveFrom}; list versions in date order`);
      }
    });
  } else if (forms > 0 && !isBandDirection) {
    checkWeightsAndLevels(isSum, kpi.quarterWeights, kpi.quarterLevels, path, add);
  } else {
    if (kpi.quarterWeights !== undefined) add([...path, "quarterWeights"], "quarterWeights need an annual target; remove them");
    if (kpi.quarterLevels !== undefined) add([...path, "quarterLevels"], "quarterLevels need an annual target; remove them");
  }
}

function checkWeightsAndLevels(
  isSum: boolean,
  weights: readonly Decimal[] | undefined,
  levels: readonly Decimal[] | undefined,
  path: Path,
  add: AddIssue,
): void {
  if (isSum) {
    if (weights === undefined) add([...path, "quarterWeights"], "missing quarterWeights: a sum KPI needs four quarter weights adding up to 1");
    else checkWeights(weights, [...path, "quarterWeights"], add);
    if (levels !== undefined) add([...path, "quarterLevels"], "quarterLevels apply only to average and last-value KPIs; use quarterWeights");
  } else if (weights !== undefined) {
    add([...path, "quarterWeights"], "quarterWeights apply only to sum KPIs; use quarterLevels for a level per quarter");
  }
}

/** Formats a path like ["funnels", 0, "stages", 3, "plannedRate"] as `funnels[0].stages[3].plannedRate`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let result = "";
  for (const segment of path) {
    if (typeof segment === "number") result += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) {
      result += result === "" ? segment : `.${segment}`;
    } else result += `[${JSON.stringify(String(segment))}]`;
  }
  return result;
}

/** Finds the value at `path` in the file, telling a missing key apart from a present value of the wrong type. */
function valueAt(root: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let node: unknown = root;
  for (const segment of path) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, segment)) return { present: false, value: undefined };
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return { present: node !== undefined, value: node };
}

function typeMessage(issue: z.core.$ZodIssueInvalidType, value: unknown): string {
  const valueText = JSON.stringify(value) ?? String(value);
  if (issue.expected === "array") return `${valueText} is not a list; write a JSON array [...]`;
  if (issue.expected === "object") return `${valueText} is not an object; write a JSON object {...} with named fields`;
  return issue.message;
}

function issuesFromZod(error: z.ZodError, file: unknown): PlanIssue[] {
  const issues: PlanIssue[] = [];
  for (const issue of error.issues) {
    const path = formatJsonPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        issues.push({
          path: formatJsonPath([...issue.path, key]),
          message: `unknown key "${key}"; remove it or check its spelling`,
        });
      }
      continue;
    }

    // zod leaves the input out of its issues, so a lookup in the file separates a missing key from a wrong value.
    const found = valueAt(file, issue.path);
    if (!found.present && (issue.code === "invalid_type" || issue.code === "invalid_value")) {
      const choices = issue.code === "invalid_value" ? `; use one of ${issue.values.map(String).join(", ")}` : "";
      issues.push({ path, message: `missing required value${choices}` });
    } else if (issue.code === "invalid_type") {
      issues.push({ path, message: typeMessage(issue, found.value) });
    } else {
      issues.push({ path, message: issue.message });
    }
  }
  return issues;
}

export type PlanFileResult = { ok: true; input: PlanInput } | { ok: false; issues: PlanIssue[] };

/** Validates a parsed plan-file JSON value and converts it into the engine input. */
export function parsePlanFile(value: unknown): PlanFileResult {
  const parsed = planFileSchema.safeParse(value);
  if (parsed.success) return { ok: true, input: toPlanInput(parsed.data) };
  const issues = issuesFromZod(parsed.error, value);
  return { ok: false, issues: [...issues, ...wholePlanIssues(value, parsed.error, issues)] };
}

/**
 * Finds the problems that only the whole plan shows (goal parts that do not
 * add up, funnel shares, actuals after `asOf`, broken references), so that an
 * invalid file lists them beside its other problems. The file is read again
 * without its unknown keys, without the checks across fields, and without the
 * KPIs, actuals, overrides and indicators that contain an invalid value. An
 * invalid value anywhere else leaves the plan unbuildable, and then this finds
 * nothing. Each problem is reported once, at the file's own path.
 */
function wholePlanIssues(value: unknown, error: z.ZodError, known: readonly PlanIssue[]): PlanIssue[] {
  const pruned = withoutUnknownKeys(value, error);
  let shape = planFileShapeSchema.safeParse(pruned);
  let removed = new Map<string, Set<number>>();
  if (!shape.success) {
    const removals = removalsFor(shape.error);
    if (removals === null) return [];
    removed = removals;
    removeElements(pruned, removed);
    shape = planFileShapeSchema.safeParse(pruned);
    if (!shape.success) return [];
  }

  const file = shape.data;
  const found: PlanIssue[] = [];
  checkCrossReferences(file.funnels ?? [], file.kpis ?? [], file.indicators ?? [], (path, message) =>
    found.push({ path: formatJsonPath(path), message }),
  );
  for (const issue of validatePlan(toPlanInput(file))) {
    found.push({ path: filePathOf(issue.path, file.kpis ?? []), message: issue.message });
  }

  const paths = new Set(known.map((issue) => issue.path));
  const targets = new Set(known.map((issue) => kpiTargetOf(issue.path)));
  const added: PlanIssue[] = [];
  for (const issue of found) {
    // A ratio may name a KPI that was left out, so its reference check is not trusted then.
    if (removed.has("kpis") && /^kpis\[\d+\]\.ratio\./.test(issue.path)) continue;
    const path = originalPath(issue.path, removed);
    const target = kpiTargetOf(path);
    if (paths.has(path) || (target !== null && targets.has(target))) continue;
    paths.add(path);
    targets.add(target);
    added.push({ path, message: withOriginalRows(issue.message, path, removed) });
  }
  return added;
}

/**
 * Lists, per array, the elements to leave out because they contain an
 * invalid value: keyed "kpis", "indicators" or "kpis[2].actuals" with original
 * indexes. Returns null when an invalid value sits anywhere else.
 */
function removalsFor(error: z.ZodError): Map<string, Set<number>> | null {
  const removals = new Map<string, Set<number>>();
  for (const issue of error.issues) {
    const [first, second, third, fourth] = issue.path;
    let array: string;
    let index: number;
    if (first === "indicators" && typeof second === "number") {
      [array, index] = ["indicators", second];
    } else if (first === "kpis" && typeof second === "number") {
      const isRow = (third === "actuals" || third === "weeklyOverrides") && typeof fourth === "number";
      [array, index] = isRow ? [`kpis[${second}].${third}`, fourth] : ["kpis", second];
    } else {
      return null;
    }
    removals.set(array, (removals.get(array) ?? new Set()).add(index));
  }
  return removals;
}

/** Removes the listed elements from a copy of the file: rows inside KPIs first, while KPI indexes are still the original ones. */
function removeElements(file: unknown, removals: ReadonlyMap<string, ReadonlySet<number>>): void {
  const root = file as Record<string, unknown[] | undefined>;
  const ordered = [...removals].sort(([a], [b]) => Number(a === "kpis") - Number(b === "kpis"));
  for (const [array, indexes] of ordered) {
    const row = /^kpis\[(\d+)\]\.(actuals|weeklyOverrides)$/.exec(array);
    const list = row === null ? root[array] : (root.kpis?.[Number(row[1])] as Record<string, unknown[]> | undefined)?.[row[2]!];
    for (const index of [...indexes].sort((a, b) => b - a)) list?.splice(index, 1);
  }
}

/** Finds the original index of the element at `index` after the elements in `removed` were left out. */
function originalIndex(index: number, removed: ReadonlySet<number> | undefined): number {
  let original = -1;
  for (let kept = -1; kept < index; ) {
    original += 1;
    if (!removed?.has(original)) kept += 1;
  }
  return original;
}

/** Renumbers a reference such as "(actuals[0])" in an actual's message to the file as given. */
function withOriginalRows(message: string, path: string, removed: ReadonlyMap<string, ReadonlySet<number>>): string {
  const kpi = /^kpis\[(\d+)\]\.actuals\[/.exec(path);
  if (kpi === null) return message;
  const rows = removed.get(`kpis[${kpi[1]}].actuals`);
  return message.replace(/\(actuals\[(\d+)\]\)/g, (_, index: string) => `(actuals[${originalIndex(Number(index), rows)}])`);
}

/** Maps a path into the file without its removed elements back to the same element in the file as given. */
function originalPath(path: string, removed: ReadonlyMap<string, ReadonlySet<number>>): string {
  const top = /^(kpis|indicators)\[(\d+)\](.*)$/.exec(path);
  if (top === null) return path;
  const [, array = "", index = "", rest = ""] = top;
  const original = originalIndex(Number(index), removed.get(array));
  const row = array === "kpis" ? /^\.(actuals|weeklyOverrides)\[(\d+)\](.*)$/.exec(rest) : null;
  if (row === null) return `${array}[${original}]${rest}`;
  const [, rows = "", rowIndex = "", tail = ""] = row;
  return `kpis[${original}].${rows}[${originalIndex(Number(rowIndex), removed.get(`kpis[${original}].${rows}`))}]${tail}`;
}

/** Copies a JSON value without the keys that zod reported as unknown. */
function withoutUnknownKeys(value: unknown, error: z.ZodError): unknown {
  const copy: unknown = structuredClone(value);
  for (const issue of error.issues) {
    if (issue.code !== "unrecognized_keys") continue;
    let node: unknown = copy;
    for (const segment of issue.path) node = (node as Record<PropertyKey, unknown>)[segment];
    for (const key of issue.keys) delete (node as Record<string, unknown>)[key];
  }
  return copy;
}

/** Moves an engine path inside a single-target KPI's only version to the KPI, where the file gives the value. */
function filePathOf(path: string, kpis: readonly KpiFile[]): string {
  const match = /^kpis\[(\d+)\]\.targetVersions\[0\]\.(.*)$/.exec(path);
  if (match === null) return path;
  const kpi = kpis[Number(match[1])];
  return kpi !== undefined && kpi.targetVersions === undefined ? `kpis[${match[1]}].${match[2]}` : path;
}

/**
 * Names the KPI whose target a path concerns (`kpis[2]`), or null. The file
 * and the engine check a KPI's target in different words, so one finding
 * about a target is enough.
 */
function kpiTargetOf(path: string): string | null {
  const match = /^(kpis\[\d+\])(?:\.(?:funnel|targetFromStage|annualTarget|quarterWeights|quarterLevels|targetVersions|band)\b.*)?$/.exec(path);
  return match?.[1] ?? null;
}

/** Parses plan-file text; a JSON syntax error is reported at the root path "". */
export function parsePlanFileText(text: string): PlanFileResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ path: "", message: `the file is not valid JSON (${reason}); fix the syntax` }] };
  }
  return parsePlanFile(value);
}

function toPlanInput(file: PlanFile): PlanInput {
  const organization = file.organization;
  const calendar: CalendarSettings = {
    fiscalYearStartMonth: organization.fiscalYearStartMonth ?? DEFAULT_CALENDAR.fiscalYearStartMonth,
    weekStartsOn: organization.weekStartsOn ?? DEFAULT_CALENDAR.weekStartsOn,
    fiscalYearNaming: organization.fiscalYearNaming ?? DEFAULT_CALENDAR.fiscalYearNaming,
    monthPattern: organization.monthPattern ?? DEFAULT_CALENDAR.monthPattern,
  };
  const plan = file.plan;
  const yearStart = fiscalYearByLabel(calendar, plan.fiscalYear).start;

  return {
    calendar,
    plan: {
      fiscalYear: plan.fiscalYear,
      revenueGoal: plan.revenueGoal,
      contractedRevenue: plan.contractedRevenue,
      expansionRevenue: plan.expansionRevenue,
      newRevenueBySource: plan.newRevenueBySource,
      averageCustomerValue: plan.averageCustomerValue ?? null,
      customerRevenueHistory: plan.customerRevenueHistory ?? null,
      averageExpansionValue: plan.averageExpansionValue ?? null,
      lastYearNewCustomers: plan.lastYearNewCustomers ?? null,
      historicalYearOverYearGrowth: plan.historicalYearOverYearGrowth ?? null,
      stretchFactor: plan.stretchFactor ?? decimal("2"),
      whatIfStep: plan.whatIfStep ?? decimal("0.1"),
    },
    indicators: (file.indicators ?? []).map((indicator) => ({
      name: indicator.name,
      unit: indicator.unit,
      lastYear: indicator.lastYear,
      stage: indicator.stage ?? null,
    })),
    funnels: (file.funnels ?? []).map(toFunnelInput),
    kpis: (file.kpis ?? []).map((kpi) => toKpiInput(kpi, yearStart)),
    asOf: file.asOf,
  };
}

function toFunnelInput(funnel: FunnelFile): FunnelInput {
  return {
    key: funnel.key,
    branch: funnel.branch,
    name: funnel.name,
    customerShare: funnel.customerShare ?? ONE,
    stages: funnel.stages.map((stage) => ({
      key: stage.key,
      name: stage.name,
      lastYear: stage.lastYear,
      plannedRate: stage.plannedRate ?? null,
      historicalGrowth: stage.historicalGrowth ?? null,
    })),
  };
}

function toKpiInput(kpi: KpiFile, yearStart: string): KpiInput {
  const fromStage =
    kpi.funnel !== undefined && kpi.targetFromStage !== undefined
      ? { funnel: kpi.funnel, stage: kpi.targetFromStage }
      : null;

  let targetVersions: TargetVersion[] = [];
  if (kpi.targetVersions !== undefined) {
    targetVersions = kpi.targetVersions.map((version) => ({
      effectiveFrom: version.effectiveFrom,
      annualTarget: version.annualTarget,
      quarterWeights: version.quarterWeights ?? null,
      quarterLevels: version.quarterLevels ?? null,
    }));
  } else if (fromStage !== null || kpi.annualTarget !== undefined) {
    targetVersions = [
      {
        effectiveFrom: yearStart,
        // computePlan replaces the 0 of a stage-derived target with the stage's needed volume.
        annualTarget: kpi.annualTarget ?? ZERO,
        quarterWeights: kpi.quarterWeights ?? null,
        quarterLevels: kpi.quarterLevels ?? null,
      },
    ];
  }

  return {
    key: kpi.key,
    name: kpi.name,
    branch: kpi.branch,
    unit: kpi.unit,
    aggregation: kpi.aggregation,
    direction: kpi.direction,
    targetFromStage: fromStage,
    targetVersions,
    band: kpi.band ?? null,
    tolerance: kpi.tolerance ?? null,
    blankIsZero: kpi.blankIsZero ?? false,
    trendWeeks: kpi.trendWeeks ?? 3,
    weeklyOverrides: kpi.weeklyOverrides ?? [],
    ratio: kpi.ratio ?? null,
    actuals: (kpi.actuals ?? []).map((actual) => ({
      week: actual.week,
      value: actual.value,
      note: actual.note ?? null,
    })),
    play: kpi.play ?? null,
    focusArea: kpi.focusArea ?? null,
  };
}
