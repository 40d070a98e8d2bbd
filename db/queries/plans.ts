import { and, asc, eq, gte, inArray, notInArray } from "drizzle-orm";
import type { Executor } from "../connect";
import { funnelStages, funnels, kpiTargetVersions, kpis, plans } from "../schema";

export type PlanRow = typeof plans.$inferSelect;
export type FunnelRow = typeof funnels.$inferSelect;
export type StageRow = typeof funnelStages.$inferSelect;
export type KpiRow = typeof kpis.$inferSelect;
export type TargetVersionRow = typeof kpiTargetVersions.$inferSelect;

export interface PlanAggregate {
  plan: PlanRow;
  funnels: (FunnelRow & { stages: StageRow[] })[];
  kpis: KpiRow[];
  /** Stored target versions of the plan's KPIs, oldest first; empty for KPIs never changed through the planning page. */
  targetVersions: TargetVersionRow[];
}

export async function findPlan(db: Executor, organizationId: string, fiscalYear: number): Promise<PlanRow | null> {
  const [row] = await db
    .select()
    .from(plans)
    .where(and(eq(plans.organizationId, organizationId), eq(plans.fiscalYear, fiscalYear)));
  return row ?? null;
}

export async function listPlanYears(db: Executor, organizationId: string): Promise<number[]> {
  const rows = await db
    .select({ fiscalYear: plans.fiscalYear })
    .from(plans)
    .where(eq(plans.organizationId, organizationId))
    .orderBy(asc(plans.fiscalYear));
  return rows.map((row) => row.fiscalYear);
}

/** Loads a plan with its funnels, stages and KPIs, or null when the year has no plan. */
export async function loadPlanAggregate(
  db: Executor,
  organizationId: string,
  fiscalYear: number,
): Promise<PlanAggregate | null> {
  const plan = await findPlan(db, organizationId, fiscalYear);
  if (!plan) return null;

  const funnelRows = await db
    .select()
    .from(funnels)
    .where(and(eq(funnels.organizationId, organizationId), eq(funnels.planId, plan.id)))
    .orderBy(asc(funnels.position), asc(funnels.key));
  const funnelIds = funnelRows.map((funnel) => funnel.id);
  const stageRows = funnelIds.length
    ? await db
        .select()
        .from(funnelStages)
        .where(and(eq(funnelStages.organizationId, organizationId), inArray(funnelStages.funnelId, funnelIds)))
        .orderBy(asc(funnelStages.position))
    : [];
  const kpiRows = await db
    .select()
    .from(kpis)
    .where(and(eq(kpis.organizationId, organizationId), eq(kpis.planId, plan.id)))
    .orderBy(asc(kpis.position), asc(kpis.key));

  const kpiIds = kpiRows.map((kpi) => kpi.id);
  const versionRows = kpiIds.length
    ? await db
        .select()
        .from(kpiTargetVersions)
        .where(and(eq(kpiTargetVersions.organizationId, organizationId), inArray(kpiTargetVersions.kpiId, kpiIds)))
        .orderBy(asc(kpiTargetVersions.effectiveFrom))
    : [];

  return {
    plan,
    targetVersions: versionRows,
    funnels: funnelRows.map((funnel) => ({
      ...funnel,
      stages: stageRows.filter((stage) => stage.funnelId === funnel.id),
    })),
    kpis: kpiRows,
  };
}

export type PlanValues = Omit<PlanRow, "organizationId" | "id" | "fiscalYear" | "createdAt" | "updatedAt">;

export async function upsertPlan(
  db: Executor,
  organizationId: string,
  fiscalYear: number,
  values: PlanValues,
): Promise<PlanRow> {
  const [row] = await db
    .insert(plans)
    .values({ organizationId, fiscalYear, ...values })
    .onConflictDoUpdate({
      target: [plans.organizationId, plans.fiscalYear],
      set: { ...values, updatedAt: new Date() },
    })
    .returning();
  if (!row) throw new Error("Saving the plan returned no row");
  return row;
}

export type FunnelValues = Pick<FunnelRow, "key" | "branch" | "name" | "customerShare" | "position">;

export async function upsertFunnel(
  db: Executor,
  organizationId: string,
  planId: string,
  values: FunnelValues,
): Promise<FunnelRow> {
  const [row] = await db
    .insert(funnels)
    .values({ organizationId, planId, ...values })
    .onConflictDoUpdate({
      target: [funnels.organizationId, funnels.planId, funnels.key],
      set: { ...values, updatedAt: new Date() },
    })
    .returning();
  if (!row) throw new Error("Saving the funnel returned no row");
  return row;
}

export type StageValues = Pick<StageRow, "key" | "name" | "position" | "lastYear" | "plannedRate" | "historicalGrowth">;

/**
 * Inserts or updates a funnel's stages, matched by key, so existing stages keep
 * the ids that KPIs point at.
 */
export async function upsertStages(
  db: Executor,
  organizationId: string,
  funnelId: string,
  stages: StageValues[],
): Promise<StageRow[]> {
  const saved: StageRow[] = [];
  for (const stage of stages) {
    const [row] = await db
      .insert(funnelStages)
      .values({ organizationId, funnelId, ...stage })
      .onConflictDoUpdate({
        target: [funnelStages.organizationId, funnelStages.funnelId, funnelStages.key],
        set: { ...stage, updatedAt: new Date() },
      })
      .returning();
    if (!row) throw new Error(`Saving stage ${stage.key} returned no row`);
    saved.push(row);
  }
  return saved;
}

/** Deletes the funnel's stages whose keys are not listed; a stage a KPI still uses is rejected by its foreign key. */
export async function deleteStagesExcept(
  db: Executor,
  organizationId: string,
  funnelId: string,
  keepKeys: string[],
): Promise<void> {
  const scope = and(eq(funnelStages.organizationId, organizationId), eq(funnelStages.funnelId, funnelId));
  await db.delete(funnelStages).where(keepKeys.length ? and(scope, notInArray(funnelStages.key, keepKeys)) : scope);
}

export type KpiValues = Omit<KpiRow, "organizationId" | "id" | "planId" | "createdAt" | "updatedAt">;

export async function upsertKpi(
  db: Executor,
  organizationId: string,
  planId: string,
  values: KpiValues,
): Promise<KpiRow> {
  const [row] = await db
    .insert(kpis)
    .values({ organizationId, planId, ...values })
    .onConflictDoUpdate({
      target: [kpis.organizationId, kpis.planId, kpis.key],
      set: { ...values, updatedAt: new Date() },
    })
    .returning();
  if (!row) throw new Error("Saving the KPI returned no row");
  return row;
}

export async function findKpi(db: Executor, organizationId: string, kpiId: string): Promise<KpiRow | null> {
  const [row] = await db
    .select()
    .from(kpis)
    .where(and(eq(kpis.organizationId, organizationId), eq(kpis.id, kpiId)));
  return row ?? null;
}

export type TargetVersionValues = Pick<TargetVersionRow, "annualTarget" | "q1Weight" | "q2Weight" | "q3Weight" | "q4Weight">;

/**
 * Makes `values` the KPI's targets from `effectiveFrom` on: versions starting
 * on or after that week are replaced, earlier ones stay as they were.
 */
export async function replaceTargetVersionsFrom(
  db: Executor,
  organizationId: string,
  kpiId: string,
  effectiveFrom: string,
  values: TargetVersionValues,
): Promise<void> {
  await db
    .delete(kpiTargetVersions)
    .where(
      and(
        eq(kpiTargetVersions.organizationId, organizationId),
        eq(kpiTargetVersions.kpiId, kpiId),
        gte(kpiTargetVersions.effectiveFrom, effectiveFrom),
      ),
    );
  await db.insert(kpiTargetVersions).values({ organizationId, kpiId, effectiveFrom, ...values });
}
