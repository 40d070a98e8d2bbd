import type { Metadata } from "next";
import Link from "next/link";
import { listMembers } from "@/db/queries/organizations";
import { loadPlanAggregate, type PlanAggregate } from "@/db/queries/plans";
import { readAsMember, requireRoute } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { todayIn } from "@/lib/clock";
import { buildPlanInput } from "@/lib/planning/engine-input";
import { evaluatePlan } from "@/lib/planning/evaluate";
import { fractionToPercentText, type PlanFormInput } from "./plan-schema";
import { PlanForm } from "./plan-form";
import { PlanResults } from "./plan-results";
import { parseFiscalYearParam } from "@/lib/planning/year-param";
import { InvalidParameter } from "@/components/invalid-parameter";

export const metadata: Metadata = { title: "Plan" };

const DEFAULT_STAGES: PlanFormInput["stages"] = [
  { key: "traffic", name: "Traffic", lastYear: "", plannedRatePercent: "" },
  { key: "leads", name: "Leads", lastYear: "", plannedRatePercent: "" },
  { key: "mql", name: "Marketing qualified leads", lastYear: "", plannedRatePercent: "" },
  { key: "sql", name: "Sales qualified leads", lastYear: "", plannedRatePercent: "" },
  { key: "sal", name: "Sales accepted leads", lastYear: "", plannedRatePercent: "" },
  { key: "customers", name: "Customers", lastYear: "", plannedRatePercent: "" },
];

function formValuesOf(aggregate: PlanAggregate | null, defaultOwner: string | null): PlanFormInput {
  if (!aggregate) {
    return {
      revenueGoal: "",
      contractedRevenue: "",
      expansionRevenue: "",
      newRevenueSales: "",
      newRevenueMarketing: "",
      averageCustomerValue: "",
      lastYearCustomersSales: "",
      lastYearCustomersMarketing: "",
      historicalGrowthPercent: "",
      stages: DEFAULT_STAGES,
      kpi: { name: "", stageKey: "leads", weightsPercent: ["25", "25", "25", "25"], ownerMembershipId: defaultOwner ?? "" },
    };
  }
  const { plan } = aggregate;
  const stages = aggregate.funnels[0]?.stages ?? [];
  const kpi = aggregate.kpis[0];
  return {
    revenueGoal: plan.revenueGoal,
    contractedRevenue: plan.contractedRevenue,
    expansionRevenue: plan.expansionRevenue,
    newRevenueSales: plan.newRevenueSales,
    newRevenueMarketing: plan.newRevenueMarketing,
    averageCustomerValue: plan.averageCustomerValue,
    lastYearCustomersSales: plan.lastYearCustomersSales?.toString() ?? "",
    lastYearCustomersMarketing: plan.lastYearCustomersMarketing?.toString() ?? "",
    historicalGrowthPercent: fractionToPercentText(plan.historicalGrowth),
    stages: stages.map((stage) => ({
      key: stage.key,
      name: stage.name,
      lastYear: String(stage.lastYear),
      plannedRatePercent: fractionToPercentText(stage.plannedRate),
    })),
    kpi: {
      name: kpi?.name ?? "",
      stageKey: stages.find((stage) => stage.id === kpi?.funnelStageId)?.key ?? "",
      weightsPercent: kpi
        ? [fractionToPercentText(kpi.q1Weight), fractionToPercentText(kpi.q2Weight), fractionToPercentText(kpi.q3Weight), fractionToPercentText(kpi.q4Weight)]
        : ["25", "25", "25", "25"],
      ownerMembershipId: kpi?.ownerMembershipId ?? defaultOwner ?? "",
    },
  };
}

export default async function PlanPage({ params }: { params: Promise<{ orgSlug: string; year: string }> }) {
  const { orgSlug, year: yearParam } = await params;
  const { member } = await requireRoute("/o/[orgSlug]/plan/[year]", orgSlug, `/o/${orgSlug}/plan/${yearParam}`);
  const fiscalYear = parseFiscalYearParam(yearParam);
  if (fiscalYear === null) {
    return <InvalidParameter message={`"${yearParam}" is not a fiscal year. Open a year between 2000 and 2100, such as /o/${orgSlug}/plan/2027.`} />;
  }

  const organization = member.organization;
  const [aggregate, members] = await readAsMember(member, async (tx) => [
    await loadPlanAggregate(tx, organization.id, fiscalYear),
    await listMembers(tx, organization.id),
  ] as const);
  const evaluation = aggregate ? evaluatePlan(buildPlanInput(organization, aggregate, [], todayIn(organization.timeZone))) : null;
  const canEditGoal = can(member, "plan:edit-goal");
  // The funnel of a year without a plan can only be entered together with its goal.
  const canEditFunnel = canEditGoal || (aggregate !== null && can(member, "plan:edit-branch", { branch: "marketing" }));
  const stageNames = new Map(
    (aggregate?.funnels ?? []).flatMap((funnel) => funnel.stages.map((stage) => [`${funnel.key}/${stage.key}`, stage.name] as const)),
  );

  return (
    <div className="space-y-8">
      <header>
        <nav className="no-print mb-2 flex gap-3 text-sm" aria-label="Fiscal years">
          <Link href={`/o/${organization.slug}/plan/${fiscalYear - 1}`} className="text-blue-600 hover:underline">
            ← FY{fiscalYear - 1}
          </Link>
          <Link href={`/o/${organization.slug}/plan/${fiscalYear + 1}`} className="text-blue-600 hover:underline">
            FY{fiscalYear + 1} →
          </Link>
        </nav>
        <h1 className="text-2xl font-semibold">Plan for FY{fiscalYear}</h1>
        <p className="mt-1 text-sm text-gray-600">
          Work back from the revenue goal to the weekly number each team must hit. Every derived figure updates when you save.
        </p>
      </header>
      <div className="grid gap-8 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <PlanForm
          orgSlug={organization.slug}
          fiscalYear={fiscalYear}
          currency={organization.currency}
          initialValues={formValuesOf(aggregate, member.membershipId)}
          owners={members
            // Only members who may enter the KPI's weekly actual can own it.
            .filter((row) => can({ membershipId: row.membershipId, role: row.role, branch: row.branch }, "actuals:enter", { branch: "marketing", ownerMembershipId: row.membershipId }))
            .map((row) => ({ membershipId: row.membershipId, name: row.name }))}
          canEditGoal={canEditGoal}
          canEditFunnel={canEditFunnel}
        />
        <PlanResults evaluation={evaluation} currency={organization.currency} stageNames={stageNames} />
      </div>
    </div>
  );
}
