import { inArray } from "drizzle-orm";
import type { Temporal } from "temporal-polyfill";
import type { Database, Executor } from "@/db/connect";
import { listEffectiveMemberships } from "@/db/queries/access";
import { listActuals, type ActualRow } from "@/db/queries/actuals";
import type { Organization } from "@/db/queries/organizations";
import { loadPlanAggregate, type PlanAggregate } from "@/db/queries/plans";
import { organizations } from "@/db/schema";
import { extendScope, withTenant } from "@/db/tenant";
import { now, todayIn } from "@/lib/clock";
import { fiscalYearContaining } from "@/lib/engine/calendar";
import type { WeekStatus } from "@/lib/engine/status";
import { buildPlanInput, calendarOf } from "@/lib/planning/engine-input";
import { evaluatePlan } from "@/lib/planning/evaluate";

export type StatusCounts = Record<WeekStatus, number>;

/** One client on an agency's portfolio, as of today in the client's time zone. */
export interface PortfolioRow {
  organizationId: string;
  slug: string;
  name: string;
  currency: string;
  /** The fiscal year containing today, e.g. "FY2027". */
  fiscalYear: string;
  /** Whether the client has a plan for that year. */
  hasPlan: boolean;
  /** Number of problems that keep the engine from computing the plan; 0 for a computable plan. */
  planIssues: number;
  /** The plan's revenue goal as an exact decimal string, or null without a plan. */
  revenueGoal: string | null;
  kpiCount: number;
  /** KPIs whose year-to-date roll-up is on track. */
  kpisOnTrackYearToDate: number;
  /** The first day of the last complete fiscal week, or null before the first week of the year ends. */
  lastCompleteWeek: string | null;
  /** Statuses of the KPIs in the last complete week. */
  statusCounts: StatusCounts;
  /** Names of the KPIs without an actual for the last complete week. */
  missingEntries: string[];
  /** Names of the KPIs off track several weeks running. */
  redFlags: string[];
}

const emptyCounts = (): StatusCounts => ({ on_track: 0, at_risk: 0, off_track: 0, not_entered: 0 });

/** Summarizes one client's plan for the portfolio with the same evaluation the client's dashboard uses. */
export function summarizeClient(
  organization: Organization,
  aggregate: PlanAggregate | null,
  actuals: readonly ActualRow[],
  today: string,
): PortfolioRow {
  const year = fiscalYearContaining(calendarOf(organization), today);
  const lastComplete = year.weeks.filter((week) => week.end < today).at(-1) ?? null;
  const row: PortfolioRow = {
    organizationId: organization.id,
    slug: organization.slug,
    name: organization.name,
    currency: organization.currency,
    fiscalYear: year.label,
    hasPlan: aggregate !== null,
    planIssues: 0,
    revenueGoal: aggregate?.plan.revenueGoal ?? null,
    kpiCount: aggregate?.kpis.length ?? 0,
    kpisOnTrackYearToDate: 0,
    lastCompleteWeek: lastComplete?.start ?? null,
    statusCounts: emptyCounts(),
    missingEntries: [],
    redFlags: [],
  };
  if (!aggregate) return row;

  const evaluation = evaluatePlan(buildPlanInput(organization, aggregate, actuals, today));
  if (!evaluation.result) return { ...row, planIssues: evaluation.issues.length };

  for (const [key, kpi] of Object.entries(evaluation.result.kpis)) {
    const name = evaluation.kpis.get(key)?.name ?? key;
    if (kpi.yearToDate.status === "on_track") row.kpisOnTrackYearToDate += 1;
    if (kpi.flags.trend) row.redFlags.push(name);
    const lastWeek = kpi.weeklyStatus.at(-1);
    if (!lastWeek) continue;
    row.statusCounts[lastWeek.status] += 1;
    if (lastWeek.status === "not_entered") row.missingEntries.push(name);
  }
  return row;
}

async function readClient(tx: Executor, organization: Organization, instant: Temporal.Instant): Promise<PortfolioRow> {
  const today = todayIn(organization.timeZone, instant);
  const year = fiscalYearContaining(calendarOf(organization), today);
  const aggregate = await loadPlanAggregate(tx, organization.id, year.labelYear);
  const actuals = aggregate ? await listActuals(tx, organization.id, aggregate.kpis.map((kpi) => kpi.id)) : [];
  return summarizeClient(organization, aggregate, actuals, today);
}

/**
 * Loads the portfolio of one agency for one of its members: every client the
 * user may open through that agency (all active clients for agency admins,
 * assigned ones for agency members), sorted by name. The reads share one
 * transaction whose scope is widened to exactly those clients. Only access
 * granted through this agency counts, so a user outside it gets an empty list.
 */
export async function loadPortfolio(
  db: Database,
  viewer: { userId: string; agencyId: string },
  instant: Temporal.Instant = now(),
): Promise<PortfolioRow[]> {
  const access = await listEffectiveMemberships(db, viewer.userId);
  const clientIds = access.filter((entry) => entry.viaAgencyId === viewer.agencyId).map((entry) => entry.organizationId);
  if (clientIds.length === 0) return [];

  // The transaction starts with no organization and widens to the clients only,
  // so it cannot read the agency's own rows or any other organization's.
  return withTenant(db, { userId: viewer.userId, organizationIds: [] }, async (tx) => {
    await extendScope(tx, clientIds);
    const clients = await tx.select().from(organizations).where(inArray(organizations.id, clientIds));
    const rows: PortfolioRow[] = [];
    for (const client of clients) rows.push(await readClient(tx, client, instant));
    return rows.sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
  });
}
