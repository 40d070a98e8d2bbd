import { describe, expect, it } from "vitest";
import { decimal } from "./decimal";
import {
  averageCustomerValueFromHistory,
  decomposeRevenue,
  formatCustomerValue,
  monthBefore,
  monthIndex,
  type RevenueInput,
} from "./revenue";

function input(overrides: Partial<RevenueInput> = {}): RevenueInput {
  return {
    revenueGoal: decimal("20000000"),
    contractedRevenue: decimal("16000000"),
    expansionRevenue: decimal("2000000"),
    newRevenueBySource: { sales: decimal("1000000"), marketing: decimal("1000000") },
    averageCustomerValue: decimal("500000"),
    customerRevenueHistory: null,
    averageExpansionValue: null,
    ...overrides,
  };
}

const row = (customer: string, month: string, revenue: string) => ({ customer, month, revenue: decimal(revenue) });

describe("decomposeRevenue", () => {
  it("splits the worked example", () => {
    const result = decomposeRevenue(input());
    expect(result.newCustomerRevenue.equals(2_000_000)).toBe(true);
    expect(result.unallocatedNewRevenue.equals(0)).toBe(true);
    expect(result.customersNeeded).toEqual({ sales: 2, marketing: 2 });
    expect(result.expansionDealsNeeded).toBeNull();
    expect(result.issues).toEqual([]);
  });

  it("multiplies 7 % exactly", () => {
    const result = decomposeRevenue(
      input({
        revenueGoal: decimal("10000").mul(decimal("0.07")),
        contractedRevenue: decimal("0"),
        expansionRevenue: decimal("0"),
        newRevenueBySource: { sales: decimal("700"), marketing: decimal("0") },
        averageCustomerValue: decimal("7"),
      }),
    );
    expect(result.issues).toEqual([]);
    expect(result.customersNeeded).toEqual({ sales: 100, marketing: 0 });
  });

  it("rounds customers up", () => {
    const result = decomposeRevenue(input({ averageCustomerValue: decimal("300000") }));
    expect(result.customersNeeded).toEqual({ sales: 4, marketing: 4 });
  });

  it.each([
    ["999999.99", "0.01"],
    ["1000000.01", "-0.01"],
  ])("names the difference for sales %s", (sales, difference) => {
    const result = decomposeRevenue(input({ newRevenueBySource: { sales: decimal(sales), marketing: decimal("1000000") } }));
    expect(result.unallocatedNewRevenue.equals(decimal(difference))).toBe(true);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.path).toBe("plan.newRevenueBySource");
    expect(result.issues[0]!.message).toContain(`the difference is ${difference}`);
  });

  it("rejects negative amounts", () => {
    const result = decomposeRevenue(input({ contractedRevenue: decimal("-1"), revenueGoal: decimal("3999999") }));
    expect(result.issues.map((issue) => issue.path)).toEqual(["plan.contractedRevenue"]);
  });

  it.each(["0", "-5"])("rejects customer value %s", (value) => {
    const result = decomposeRevenue(input({ averageCustomerValue: decimal(value) }));
    expect(result.issues.map((issue) => issue.path)).toEqual(["plan.averageCustomerValue"]);
    expect(result.customersNeeded).toBeNull();
  });

  it("rejects value and history together", () => {
    const result = decomposeRevenue(input({ customerRevenueHistory: [row("a", "2026-01", "1")] }));
    expect(result.issues.map((issue) => issue.path)).toEqual(["plan.averageCustomerValue"]);
  });

  it("rejects a missing customer value", () => {
    const result = decomposeRevenue(input({ averageCustomerValue: null }));
    expect(result.issues.map((issue) => issue.path)).toEqual(["plan.averageCustomerValue"]);
    expect(result.averageCustomerValue).toBeNull();
  });

  it("counts expansion deals", () => {
    const result = decomposeRevenue(input({ averageExpansionValue: decimal("300000") }));
    expect(result.expansionDealsNeeded).toBe(7);
  });

  it.each(["0", "-1"])("rejects expansion value %s", (value) => {
    const result = decomposeRevenue(input({ averageExpansionValue: decimal(value) }));
    expect(result.issues.map((issue) => issue.path)).toEqual(["plan.averageExpansionValue"]);
    expect(result.expansionDealsNeeded).toBeNull();
  });

  it("uses history with customer count", () => {
    const result = decomposeRevenue(
      input({ averageCustomerValue: null, customerRevenueHistory: [row("a", "2026-11", "100000")] }),
      { historyEndMonth: "2026-12" },
    );
    expect(result.averageCustomerValue?.basedOnCustomers).toBe(1);
    expect(formatCustomerValue(result.averageCustomerValue)).toEqual({ value: "1200000", basedOnCustomers: 1 });
    expect(result.customersNeeded).toEqual({ sales: 1, marketing: 1 });
  });

  it("uses the latest history month", () => {
    const result = decomposeRevenue(
      input({ averageCustomerValue: null, customerRevenueHistory: [row("a", "2020-01", "10"), row("b", "2023-01", "20")] }),
    );
    expect(result.averageCustomerValue?.basedOnCustomers).toBe(1);
  });

  it("rejects history without recent revenue", () => {
    const result = decomposeRevenue(
      input({ averageCustomerValue: null, customerRevenueHistory: [row("a", "2020-01", "10")] }),
      { historyEndMonth: "2026-12" },
    );
    expect(result.issues.map((issue) => issue.path)).toEqual(["plan.customerRevenueHistory"]);
    expect(result.customersNeeded).toBeNull();
  });

  it("rejects empty history", () => {
    const result = decomposeRevenue(input({ averageCustomerValue: null, customerRevenueHistory: [] }));
    expect(result.issues.map((issue) => issue.path)).toEqual(["plan.customerRevenueHistory"]);
  });
});

describe("averageCustomerValueFromHistory", () => {
  it("annualizes over customer months", () => {
    const value = averageCustomerValueFromHistory(
      [row("a", "2026-01", "1000"), row("a", "2026-03", "2000"), row("b", "2026-06", "500")],
      "2026-12",
    );
    // a: 3000 × 12 / 3 months (gap included) = 12,000; b: 500 × 12 / 1 = 6,000.
    expect(value?.value.equals(9000)).toBe(true);
    expect(value?.basedOnCustomers).toBe(2);
  });

  it.each([
    ["2025-01", 1],
    ["2024-12", 0],
    ["2027-01", 0],
  ])("window edge %s counts %d", (month, customers) => {
    const value = averageCustomerValueFromHistory([row("a", month, "10")], "2026-12");
    expect(value?.basedOnCustomers ?? 0).toBe(customers);
  });

  it("skips zero revenue rows", () => {
    const value = averageCustomerValueFromHistory([row("a", "2026-01", "0"), row("a", "2026-06", "10")], "2026-12");
    expect(value?.value.equals(120)).toBe(true);
  });

  it("keeps the exact fraction", () => {
    const value = averageCustomerValueFromHistory(
      [row("a", "2026-01", "100"), row("a", "2026-07", "0.01"), row("b", "2026-01", "1")],
      "2026-12",
    );
    const expected = decimal("100.01").mul(12).div(7).add(12).div(2);
    expect(value?.value.equals(expected)).toBe(true);
  });
});

describe("month helpers", () => {
  it.each([
    ["2027-02-15", "2027-01"],
    ["2027-01-01", "2026-12"],
  ])("month before %s is %s", (date, month) => {
    expect(monthBefore(date)).toBe(month);
  });

  it.each(["2027-13", "2027-00", "27-01", "2027-1"])("rejects month %s", (month) => {
    expect(() => monthIndex(month)).toThrow(RangeError);
  });

  it("formats a missing value", () => {
    expect(formatCustomerValue(null)).toEqual({ value: null, basedOnCustomers: null });
  });
});
