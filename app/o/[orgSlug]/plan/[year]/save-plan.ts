import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/db/queries/audit";
import { deleteStagesExcept, loadPlanAggregate, type PlanAggregate, upsertFunnel, upsertKpi, upsertPlan, upsertStages } from "@/db/queries/plans";
import { memberships } from "@/db/schema";
import type { ActionDefinition } from "@/lib/auth/action";
import { slugify } from "@/lib/auth/sign-up-schema";
import { formatDecimal, parseDecimal } from "@/lib/engine/decimal";
import { computePlan } from "@/lib/engine/plan";
import { PlanValidationError } from "@/lib/engine/funnel";
import { can } from "@/lib/auth/permissions";
import { DomainError, forbidden } from "@/lib/errors";
import { buildPlanInput, calendarOf } from "@/lib/planning/engine-input";
import { recordTargetVersions, versionStart } from "@/lib/planning/target-versions";
import { todayIn } from "@/lib/clock";
import { fiscalYearByLabel } from "@/lib/engine/calendar";
import { planFormSchema, percentToFraction, type PlanFormValues } from "./plan-schema";

export const MARKETING_FUNNEL_KEY = "marketing-master";

const savePlanInput = z.object({
  fiscalYear: z.coerce.number().int().min(2000).max(2100),
  values: planFormSchema,
});

/** Moves an engine issue path ("funnels[0].stages[2].plannedRate") onto the form field it concerns. */
export function formFieldOfIssue(path: string): string {
  const stage = /^funnels\[0\]\.stages\[(\d+)\]\.(\w+)/.exec(path);
  if (stage) return `values.stages.${stage[1]}.${stage[2] === "plannedRate" ? "plannedRatePercent" : stage[2]}`;
  if (path.startsWith("kpis[0].targetVersions")) return "values.kpi.weightsPercent";
  if (path.startsWith("plan.newRevenueBySource")) return "values.newRevenueMarketing";
  const planField = /^plan\.(\w+)/.exec(path);
  if (planField) return `values.${planField[1]}`;
  return "_form";
}

function stageValues(values: PlanFormValues) {
  return values.stages.map((stage, position) => {
    const isLast = position === values.stages.length - 1;
    return {
      key: stage.key,
      name: stage.name,
      position,
      lastYear: stage.lastYear,
      plannedRate: isLast || stage.plannedRatePercent === null ? null : formatDecimal(percentToFraction(stage.plannedRatePercent)),
      historicalGrowth: null,
    };
  });
}

/** Builds a plain snapshot of what the form saved, with the KPI owner the save settled on, for the audit history. */
function auditSnapshot(values: PlanFormValues, ownerMembershipId: string | null) {
  return {
    revenueGoal: formatDecimal(values.revenueGoal),
    contractedRevenue: formatDecimal(values.contractedRevenue),
    expansionRevenue: formatDecimal(values.expansionRevenue),
    newRevenueSales: formatDecimal(values.newRevenueSales),
    newRevenueMarketing: formatDecimal(values.newRevenueMarketing),
    averageCustomerValue: formatDecimal(values.averageCustomerValue),
    stages: stageValues(values).map(({ key, name, lastYear, plannedRate }) => ({ key, name, lastYear, plannedRate })),
    kpi: {
      name: values.kpi.name,
      stageKey: values.kpi.stageKey,
      weights: values.kpi.weightsPercent.map((weight) => formatDecimal(percentToFraction(weight))),
      ownerMembershipId,
    },
  };
}

function aggregateSnapshot(aggregate: PlanAggregate) {
  const { plan } = aggregate;
  const kpi = aggregate.kpis[0];
  const stages = aggregate.funnels[0]?.stages ?? [];
  return {
    revenueGoal: plan.revenueGoal,
    contractedRevenue: plan.contractedRevenue,
    expansionRevenue: plan.expansionRevenue,
    newRevenueSales: plan.newRevenueSales,
    newRevenueMarketing: plan.newRevenueMarketing,
    averageCustomerValue: plan.averageCustomerValue,
    stages: stages.map(({ key, name, lastYear, plannedRate }) => ({ key, name, lastYear, plannedRate })),
    kpi: kpi
      ? {
          name: kpi.name,
          stageKey: stages.find((stage) => stage.id === kpi.funnelStageId)?.key ?? null,
          weights: [kpi.q1Weight, kpi.q2Weight, kpi.q3Weight, kpi.q4Weight],
          ownerMembershipId: kpi.ownerMembershipId,
        }
      : null,
  };
}

/** Returns whether the form changes any figure that only an admin may set. */
function goalChanged(stored: PlanAggregate["plan"], values: PlanFormValues): boolean {
  const sameAmount = (storedValue: string, typed: ReturnType<typeof parseDecimal>) => parseDecimal(storedValue).equals(typed);
  const storedGrowth = stored.historicalGrowth === null ? null : parseDecimal(stored.historicalGrowth);
  const typedGrowth = values.historicalGrowthPercent === null ? null : percentToFraction(values.historicalGrowthPercent);
  const sameGrowth = storedGrowth === null || typedGrowth === null ? storedGrowth === typedGrowth : storedGrowth.equals(typedGrowth);
  return !(
    sameAmount(stored.revenueGoal, values.revenueGoal) &&
    sameAmount(stored.contractedRevenue, values.contractedRevenue) &&
    sameAmount(stored.expansionRevenue, values.expansionRevenue) &&
    sameAmount(stored.newRevenueSales, values.newRevenueSales) &&
    sameAmount(stored.newRevenueMarketing, values.newRevenueMarketing) &&
    sameAmount(stored.averageCustomerValue, values.averageCustomerValue) &&
    stored.lastYearCustomersSales === values.lastYearCustomersSales &&
    stored.lastYearCustomersMarketing === values.lastYearCustomersMarketing &&
    sameGrowth
  );
}

export const savePlanAction: ActionDefinition<typeof savePlanInput, { fiscalYear: number }> = {
  name: "plan.save",
  // Branch owners pass this gate too; the handler lets them change only the
  // marketing funnel and its KPI, never the goal and its split.
  permission: "plan:edit-branch",
  input: savePlanInput,
  revalidate: ({ orgSlug, input }) => [`/o/${orgSlug}`, `/o/${orgSlug}/plan/${input.fiscalYear}`, `/o/${orgSlug}/scorecard`],
  async handler({ db, user, member, input, log }) {
    const organization = member.organization;
    const { fiscalYear, values } = input;

    if (values.kpi.ownerMembershipId) {
      const [owner] = await db
        .select({ id: memberships.id, role: memberships.role, branch: memberships.branch })
        .from(memberships)
        .where(and(eq(memberships.organizationId, organization.id), eq(memberships.id, values.kpi.ownerMembershipId)));
      if (!owner) {
        throw new DomainError("invalid", "Some values are invalid; nothing was saved.", {
          "values.kpi.ownerMembershipId": "Choose an owner who is a member of this organization.",
        });
      }
      // The owner enters the weekly actual, so they must be allowed to.
      if (!can({ membershipId: owner.id, role: owner.role, branch: owner.branch }, "actuals:enter", { branch: "marketing", ownerMembershipId: owner.id })) {
        throw new DomainError("invalid", "Some values are invalid; nothing was saved.", {
          "values.kpi.ownerMembershipId": "This member's role cannot enter a marketing KPI's actuals. Choose an admin, the marketing branch owner or a contributor.",
        });
      }
    }

    return db.transaction(async (tx) => {
      const previous = await loadPlanAggregate(tx, organization.id, fiscalYear);
      if (!can(member, "plan:edit-goal")) {
        if (!can(member, "plan:edit-branch", { branch: "marketing" })) {
          log.warn({ reason: "other_branch", branch: member.branch }, "action denied");
          throw forbidden("You can edit only your own branch's part of the plan.");
        }
        if (!previous) throw forbidden("Only an admin can create the year's plan. Ask an admin to enter the revenue goal first.");
        if (goalChanged(previous.plan, values)) {
          log.warn({ reason: "goal_change_by_branch_owner" }, "action denied");
          throw forbidden("Only an admin can change the revenue goal, its split and the customer value. Your funnel and KPI changes were not saved either; undo the goal changes and save again.");
        }
      }
      const plan = await upsertPlan(tx, organization.id, fiscalYear, {
        revenueGoal: formatDecimal(values.revenueGoal),
        contractedRevenue: formatDecimal(values.contractedRevenue),
        expansionRevenue: formatDecimal(values.expansionRevenue),
        newRevenueSales: formatDecimal(values.newRevenueSales),
        newRevenueMarketing: formatDecimal(values.newRevenueMarketing),
        averageCustomerValue: formatDecimal(values.averageCustomerValue),
        lastYearCustomersSales: values.lastYearCustomersSales,
        lastYearCustomersMarketing: values.lastYearCustomersMarketing,
        historicalGrowth: values.historicalGrowthPercent === null ? null : formatDecimal(percentToFraction(values.historicalGrowthPercent)),
        stretchFactor: previous?.plan.stretchFactor ?? "2",
      });
      const funnel = await upsertFunnel(tx, organization.id, plan.id, {
        key: MARKETING_FUNNEL_KEY,
        branch: "marketing",
        name: "Marketing funnel",
        customerShare: "1",
        position: 0,
      });
      const stages = await upsertStages(tx, organization.id, funnel.id, stageValues(values));
      const targetStage = stages.find((stage) => stage.key === values.kpi.stageKey);
      if (!targetStage) throw new Error(`Stage ${values.kpi.stageKey} vanished while saving`);

      const previousKpi = previous?.kpis[0];
      // An empty owner field keeps the current owner, or makes the saving member the owner of a new KPI.
      const ownerMembershipId = values.kpi.ownerMembershipId ?? previousKpi?.ownerMembershipId ?? member.membershipId;
      await upsertKpi(tx, organization.id, plan.id, {
        key: previousKpi?.key ?? slugify(values.kpi.name),
        name: values.kpi.name,
        branch: "marketing",
        unit: "count",
        aggregation: "sum",
        direction: "at_least",
        ownerMembershipId,
        funnelStageId: targetStage.id,
        annualTarget: null,
        q1Weight: formatDecimal(percentToFraction(values.kpi.weightsPercent[0])),
        q2Weight: formatDecimal(percentToFraction(values.kpi.weightsPercent[1])),
        q3Weight: formatDecimal(percentToFraction(values.kpi.weightsPercent[2])),
        q4Weight: formatDecimal(percentToFraction(values.kpi.weightsPercent[3])),
        tolerance: previousKpi?.tolerance ?? null,
        blankIsZero: previousKpi?.blankIsZero ?? false,
        trendWeeks: previousKpi?.trendWeeks ?? 3,
        play: previousKpi?.play ?? null,
        focusArea: previousKpi?.focusArea ?? null,
        position: 0,
      });
      await deleteStagesExcept(tx, organization.id, funnel.id, stages.map((stage) => stage.key));

      // The engine checks what the form cannot see on its own, such as a derived
      // rate above 100 %. Any issue it finds rolls the whole save back.
      const saved = await loadPlanAggregate(tx, organization.id, fiscalYear);
      if (!saved) throw new Error("The plan vanished while saving");
      const year = fiscalYearByLabel(calendarOf(organization), fiscalYear);
      try {
        computePlan(buildPlanInput(organization, saved, [], year.start, { ignoreTargetVersions: true }));
      } catch (error) {
        if (!(error instanceof PlanValidationError)) throw error;
        const fieldErrors: Record<string, string> = {};
        for (const issue of error.issues) fieldErrors[formFieldOfIssue(issue.path)] ??= issue.message;
        throw new DomainError("invalid", "The plan cannot be computed with these values; nothing was saved.", fieldErrors);
      }
      // Weeks that are over keep the targets they were judged against.
      await recordTargetVersions(tx, organization, year, previous, saved, versionStart(year, todayIn(organization.timeZone)));

      await recordAudit(tx, {
        organizationId: organization.id,
        actorUserId: user.id,
        action: previous ? "plan.update" : "plan.create",
        entityType: "plan",
        entityId: plan.id,
        oldValue: previous ? aggregateSnapshot(previous) : null,
        newValue: auditSnapshot(values, ownerMembershipId),
      });
      log.info({ planId: plan.id, fiscalYear }, "plan saved");
      return { fiscalYear };
    });
  },
};
