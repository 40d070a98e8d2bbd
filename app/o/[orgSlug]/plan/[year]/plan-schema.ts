import { z } from "zod";
import { formatDecimal, isPlainDecimal, parseDecimal, type Decimal } from "@/lib/engine/decimal";

/**
 * The planning form as typed: every number arrives as text, so that "12,5" or
 * "abc" gets a message at its field instead of becoming NaN. Rates and
 * weights are typed in percent and stored as fractions.
 */

const HUNDRED = parseDecimal("100");

function decimalText(label: string, options: { min?: "zero" | "positive"; max?: Decimal } = {}) {
  return z
    .string()
    .trim()
    .transform((text) => text.replace(/[\s$_]/g, "").replace(/,(?=\d{3}(\D|$))/g, ""))
    .superRefine((text, context) => {
      // A rejected field keeps its text instead of a Decimal, so its issue must
      // stop the form-level checks below, which do arithmetic on every amount.
      const reject = (message: string) => context.addIssue({ code: "custom", message, continue: false });
      if (text === "") {
        reject(`Enter ${label}.`);
        return;
      }
      if (!isPlainDecimal(text)) {
        reject(`"${text}" is not a number. Enter ${label} with digits only, such as 1250000 or 6.4.`);
        return;
      }
      const value = parseDecimal(text);
      if (options.min === "zero" && value.compare(0) < 0) {
        reject(`${capitalize(label)} cannot be negative.`);
      }
      if (options.min === "positive" && value.compare(0) <= 0) {
        reject(`${capitalize(label)} must be above 0.`);
      }
      if (options.max && value.compare(options.max) > 0) {
        reject(`${capitalize(label)} must be at most ${formatDecimal(options.max)}.`);
      }
    })
    .transform((text) => parseDecimal(text));
}

/**
 * Turns an empty field into null and checks any other text with `schema`. A
 * union of "" and `schema` would replace the field's own message with
 * "Invalid input", because zod reports a union whose options all fail that way.
 */
function emptyAsNull<Output>(schema: z.ZodType<Output, string>) {
  return z.string().transform((text, context): Output | null => {
    if (text.trim() === "") return null;
    const parsed = schema.safeParse(text);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) context.addIssue({ code: "custom", message: issue.message, continue: false });
    return z.NEVER;
  });
}

function optionalDecimalText(label: string, options: { min?: "zero" | "positive"; max?: Decimal } = {}) {
  return emptyAsNull(decimalText(label, options));
}

function wholeNumberText(label: string) {
  return z
    .string()
    .trim()
    .transform((text) => text.replace(/[\s_]/g, "").replace(/,(?=\d{3}(\D|$))/g, ""))
    .refine((text) => text !== "", { message: `Enter ${label}.` })
    .refine((text) => text === "" || /^\d+$/.test(text), {
      message: `Enter ${label} as a whole number of 0 or more, such as 8000.`,
    })
    .refine((text) => text === "" || Number(text) <= 2_000_000_000, { message: `${capitalize(label)} must be at most 2,000,000,000.` })
    .transform((text) => Number(text));
}

function optionalWholeNumberText(label: string) {
  return emptyAsNull(wholeNumberText(label));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export const stageSchema = z.object({
  key: z.string().trim().regex(KEY_PATTERN, "Use 1–40 lower-case letters, digits, - or _ for the stage key."),
  name: z.string().trim().min(1, "Enter the stage's name.").max(80, "Use at most 80 characters."),
  lastYear: wholeNumberText("last year's volume"),
  plannedRatePercent: optionalDecimalText("the planned rate", { min: "positive", max: HUNDRED }),
});

export const planFormSchema = z
  .object({
    revenueGoal: decimalText("the revenue goal", { min: "positive" }),
    contractedRevenue: decimalText("contracted revenue", { min: "zero" }),
    expansionRevenue: decimalText("expansion revenue", { min: "zero" }),
    newRevenueSales: decimalText("sales-sourced revenue", { min: "zero" }),
    newRevenueMarketing: decimalText("marketing-sourced revenue", { min: "zero" }),
    averageCustomerValue: decimalText("the average customer value", { min: "positive" }),
    lastYearCustomersSales: optionalWholeNumberText("last year's sales-sourced customers"),
    lastYearCustomersMarketing: optionalWholeNumberText("last year's marketing-sourced customers"),
    historicalGrowthPercent: optionalDecimalText("historical growth", { min: "zero" }),
    stages: z
      .array(stageSchema)
      .min(2, "A funnel needs at least two stages, ending with customers.")
      .max(12, "A funnel can have at most 12 stages."),
    kpi: z.object({
      name: z.string().trim().min(1, "Enter the KPI's name.").max(120, "Use at most 120 characters."),
      stageKey: z.string().trim().min(1, "Choose the stage this KPI's target comes from."),
      weightsPercent: z.tuple([
        decimalText("the Q1 weight", { min: "zero", max: HUNDRED }),
        decimalText("the Q2 weight", { min: "zero", max: HUNDRED }),
        decimalText("the Q3 weight", { min: "zero", max: HUNDRED }),
        decimalText("the Q4 weight", { min: "zero", max: HUNDRED }),
      ]),
      ownerMembershipId: z.union([z.literal("").transform(() => null), z.uuid("Choose an owner from the list.")]),
    }),
  })
  .superRefine((values, context) => {
    const partsOfGoal = values.contractedRevenue.add(values.expansionRevenue);
    if (partsOfGoal.compare(values.revenueGoal) > 0) {
      context.addIssue({
        code: "custom",
        path: ["expansionRevenue"],
        message: `Contracted and expansion revenue add up to ${formatDecimal(partsOfGoal)}, more than the goal of ${formatDecimal(values.revenueGoal)}. Lower them or raise the goal.`,
      });
    } else {
      const newRevenue = values.revenueGoal.sub(partsOfGoal);
      const split = values.newRevenueSales.add(values.newRevenueMarketing);
      const remainder = newRevenue.sub(split);
      if (!remainder.equals(0)) {
        const direction = remainder.compare(0) > 0 ? `${formatDecimal(remainder)} is still unallocated` : `they overshoot by ${formatDecimal(remainder.neg())}`;
        context.addIssue({
          code: "custom",
          path: ["newRevenueMarketing"],
          message: `Sales and marketing must add up to the new-customer revenue of ${formatDecimal(newRevenue)}; ${direction}.`,
        });
      }
    }

    const weightSum = values.kpi.weightsPercent.reduce((sum, weight) => sum.add(weight), parseDecimal("0"));
    if (!weightSum.equals(HUNDRED)) {
      context.addIssue({
        code: "custom",
        path: ["kpi", "weightsPercent"],
        message: `The quarter weights add up to ${formatDecimal(weightSum)} %; they must add up to exactly 100 %.`,
      });
    }

    const keys = new Set<string>();
    values.stages.forEach((stage, index) => {
      if (keys.has(stage.key)) {
        context.addIssue({ code: "custom", path: ["stages", index, "key"], message: `The key "${stage.key}" is used twice; give each stage its own key.` });
      }
      keys.add(stage.key);
      const next = values.stages[index + 1];
      if (next && stage.lastYear === 0 && stage.plannedRatePercent === null) {
        context.addIssue({
          code: "custom",
          path: ["stages", index, "plannedRatePercent"],
          message: `Last year's volume at ${stage.name} is 0, so the rate to ${next.name} cannot come from last year. Enter a planned rate.`,
        });
      }
    });
    if (!keys.has(values.kpi.stageKey)) {
      context.addIssue({ code: "custom", path: ["kpi", "stageKey"], message: "Choose one of the funnel's stages." });
    }
  });

export type PlanFormInput = z.input<typeof planFormSchema>;
export type PlanFormValues = z.output<typeof planFormSchema>;

export function percentToFraction(percent: Decimal): Decimal {
  return percent.div(HUNDRED);
}

export function fractionToPercentText(fraction: string | null): string {
  if (fraction === null) return "";
  return formatDecimal(parseDecimal(fraction).mul(HUNDRED));
}
