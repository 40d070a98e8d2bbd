import type { PlanFormInput } from "@/app/o/[orgSlug]/plan/[year]/plan-schema";

/**
 * Builds the smallest valid planning form, as the browser submits it: the
 * worked example's goal and split, a two-stage funnel (leads → customers) and
 * a "Leads" KPI with 20 / 23 / 27 / 30 % quarter weights.
 */
export function smallPlanForm(ownerMembershipId = "", overrides: Partial<PlanFormInput> = {}): PlanFormInput {
  return {
    revenueGoal: "20000000",
    contractedRevenue: "16000000",
    expansionRevenue: "2000000",
    newRevenueSales: "1000000",
    newRevenueMarketing: "1000000",
    averageCustomerValue: "500000",
    lastYearCustomersSales: "",
    lastYearCustomersMarketing: "",
    historicalGrowthPercent: "",
    stages: [
      { key: "leads", name: "Leads", lastYear: "8000", plannedRatePercent: "" },
      { key: "customers", name: "Customers", lastYear: "1", plannedRatePercent: "" },
    ],
    kpi: { name: "Leads", stageKey: "leads", weightsPercent: ["20", "23", "27", "30"], ownerMembershipId },
    ...overrides,
  };
}
