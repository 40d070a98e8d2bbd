import { ZERO, ceilToInteger, formatDecimal, type Decimal } from "./decimal";
import type { CustomerRevenueRow, NewRevenueBranch, PlanIssue } from "./types";

/** Months of customer revenue history that the average customer value looks back over. */
export const CUSTOMER_VALUE_WINDOW_MONTHS = 24;

export interface RevenueInput {
  revenueGoal: Decimal;
  contractedRevenue: Decimal;
  expansionRevenue: Decimal;
  newRevenueBySource: Record<NewRevenueBranch, Decimal>;
  /** Either this or customerRevenueHistory is given. */
  averageCustomerValue: Decimal | null;
  customerRevenueHistory: readonly CustomerRevenueRow[] | null;
  averageExpansionValue: Decimal | null;
}

export interface CustomerValue {
  value: Decimal;
  /** Customers the value was averaged over; null when the value was entered directly. */
  basedOnCustomers: number | null;
}

export interface RevenueDecomposition {
  /** Goal − contracted − expansion; negative when the goal is already exceeded. */
  newCustomerRevenue: Decimal;
  /** New-customer revenue − sales − marketing: zero when the parts add up. */
  unallocatedNewRevenue: Decimal;
  /** Null when neither a value nor a usable history is given. */
  averageCustomerValue: CustomerValue | null;
  /** Null while the customer value is missing or not above zero. */
  customersNeeded: Record<NewRevenueBranch, number> | null;
  /** Null without an average expansion value above zero. */
  expansionDealsNeeded: number | null;
  /** Every problem found, with paths under `plan.`; empty when the plan adds up. */
  issues: PlanIssue[];
}

/**
 * Splits the revenue goal into contracted, expansion and new-customer revenue,
 * and converts each new-revenue branch into the customers it needs. Returns
 * partial results with issues instead of throwing, so a form can show the
 * unallocated remainder while the user is still typing.
 */
export function decomposeRevenue(
  input: RevenueInput,
  options: { historyEndMonth: string | null } = { historyEndMonth: null },
): RevenueDecomposition {
  const issues: PlanIssue[] = [];
  const amounts: [string, Decimal][] = [
    ["revenueGoal", input.revenueGoal],
    ["contractedRevenue", input.contractedRevenue],
    ["expansionRevenue", input.expansionRevenue],
    ["newRevenueBySource.sales", input.newRevenueBySource.sales],
    ["newRevenueBySource.marketing", input.newRevenueBySource.marketing],
  ];
  for (const [field, amount] of amounts) {
    if (amount.compare(ZERO) < 0) {
      issues.push({
        path: `plan.${field}`,
        message: `${field} is ${formatDecimal(amount)}; revenue amounts must be 0 or more`,
      });
    }
  }

  const newCustomerRevenue = input.revenueGoal
    .sub(input.contractedRevenue)
    .sub(input.expansionRevenue);
  const { sales, marketing } = input.newRevenueBySource;
  const unallocatedNewRevenue = newCustomerRevenue.sub(sales).sub(marketing);
  if (!unallocatedNewRevenue.equals(ZERO)) {
    issues.push({
      path: "plan.newRevenueBySource",
      message:
        `sales (${formatDecimal(sales)}) and marketing (${formatDecimal(marketing)}) add up to ` +
        `${formatDecimal(sales.add(marketing))}, but new-customer revenue (goal − contracted − ` +
        `expansion) is ${formatDecimal(newCustomerRevenue)}; the difference is ` +
        `${formatDecimal(unallocatedNewRevenue)}. Change the sources or the goal so they match`,
    });
  }

  const averageCustomerValue = resolveCustomerValue(input, options.historyEndMonth, issues);
  let customersNeeded: Record<NewRevenueBranch, number> | null = null;
  if (averageCustomerValue !== null && averageCustomerValue.value.compare(ZERO) > 0) {
    customersNeeded = {
      sales: ceilToInteger(maxZero(sales).div(averageCustomerValue.value)),
      marketing: ceilToInteger(maxZero(marketing).div(averageCustomerValue.value)),
    };
  }

  let expansionDealsNeeded: number | null = null;
  if (input.averageExpansionValue !== null) {
    if (input.averageExpansionValue.compare(ZERO) <= 0) {
      issues.push({
        path: "plan.averageExpansionValue",
        message: `average expansion value is ${formatDecimal(input.averageExpansionValue)}; it must be above 0, or leave it out`,
      });
    } else {
      expansionDealsNeeded = ceilToInteger(
        maxZero(input.expansionRevenue).div(input.averageExpansionValue),
      );
    }
  }

  return {
    newCustomerRevenue,
    unallocatedNewRevenue,
    averageCustomerValue,
    customersNeeded,
    expansionDealsNeeded,
    issues,
  };
}

function maxZero(value: Decimal): Decimal {
  return value.compare(ZERO) < 0 ? ZERO : value;
}

function resolveCustomerValue(
  input: RevenueInput,
  historyEndMonth: string | null,
  issues: PlanIssue[],
): CustomerValue | null {
  if (input.averageCustomerValue !== null && input.customerRevenueHistory !== null) {
    issues.push({
      path: "plan.averageCustomerValue",
      message: "give either averageCustomerValue or customerRevenueHistory, not both",
    });
    return null;
  }

  if (input.averageCustomerValue !== null) {
    if (input.averageCustomerValue.compare(ZERO) <= 0) {
      issues.push({
        path: "plan.averageCustomerValue",
        message: `average customer value is ${formatDecimal(input.averageCustomerValue)}; it must be above 0`,
      });
    }
    return { value: input.averageCustomerValue, basedOnCustomers: null };
  }

  if (input.customerRevenueHistory === null) {
    issues.push({
      path: "plan.averageCustomerValue",
      message: "missing customer value: give averageCustomerValue or customerRevenueHistory",
    });
    return null;
  }

  const rows = input.customerRevenueHistory;
  const endMonth = historyEndMonth ?? latestMonth(rows);
  const fromHistory = endMonth === null ? null : averageCustomerValueFromHistory(rows, endMonth);
  if (fromHistory === null || fromHistory.value.compare(ZERO) <= 0) {
    issues.push({
      path: "plan.customerRevenueHistory",
      message:
        `no customer has revenue above 0 in the ${CUSTOMER_VALUE_WINDOW_MONTHS} months up to ` +
        `${endMonth ?? "the plan date"}; add recent history or give averageCustomerValue`,
    });
    return fromHistory;
  }
  return fromHistory;
}

/** Converts "YYYY-MM" into a month count, so month spans are plain subtraction. */
export function monthIndex(month: string): number {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (match === null) throw new RangeError(`"${month}" is not a month; write it as YYYY-MM`);
  const monthNumber = Number(match[2]);
  if (monthNumber < 1 || monthNumber > 12) {
    throw new RangeError(`"${month}" has month ${monthNumber}; months run from 01 to 12`);
  }
  return Number(match[1]) * 12 + monthNumber - 1;
}

function latestMonth(rows: readonly CustomerRevenueRow[]): string | null {
  let latest: string | null = null;
  for (const row of rows) {
    if (latest === null || monthIndex(row.month) > monthIndex(latest)) latest = row.month;
  }
  return latest;
}

/**
 * Averages the 12-month value of every customer with revenue in the 24 months
 * ending with `endMonth` (inclusive). A customer's months run from its first
 * to its last month with revenue in that window, gaps included, and its
 * 12-month value is its revenue in those months × 12 / their number.
 * Returns null when no customer had revenue above 0 in the window.
 */
export function averageCustomerValueFromHistory(
  rows: readonly CustomerRevenueRow[],
  endMonth: string,
): CustomerValue | null {
  const last = monthIndex(endMonth);
  const first = last - CUSTOMER_VALUE_WINDOW_MONTHS + 1;
  const byCustomer = new Map<string, { revenue: Decimal; firstMonth: number; lastMonth: number }>();

  for (const row of rows) {
    const month = monthIndex(row.month);
    if (month < first || month > last) continue;
    if (row.revenue.compare(ZERO) === 0) continue;
    const seen = byCustomer.get(row.customer);
    if (seen === undefined) {
      byCustomer.set(row.customer, { revenue: row.revenue, firstMonth: month, lastMonth: month });
    } else {
      seen.revenue = seen.revenue.add(row.revenue);
      seen.firstMonth = Math.min(seen.firstMonth, month);
      seen.lastMonth = Math.max(seen.lastMonth, month);
    }
  }

  const customers = [...byCustomer.values()].filter((c) => c.revenue.compare(ZERO) > 0);
  if (customers.length === 0) return null;

  let total = ZERO;
  for (const customer of customers) {
    const months = customer.lastMonth - customer.firstMonth + 1;
    total = total.add(customer.revenue.mul(12).div(months));
  }
  return { value: total.div(customers.length), basedOnCustomers: customers.length };
}

/** Returns the month before the one that contains `isoDate`, as "YYYY-MM". */
export function monthBefore(isoDate: string): string {
  const index = monthIndex(isoDate.slice(0, 7)) - 1;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

/** Formats a customer value for the plan output. */
export function formatCustomerValue(value: CustomerValue | null): {
  value: string | null;
  basedOnCustomers: number | null;
} {
  if (value === null) return { value: null, basedOnCustomers: null };
  return { value: formatDecimal(value.value), basedOnCustomers: value.basedOnCustomers };
}
