import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { listActuals } from "@/db/queries/actuals";
import { listMembers } from "@/db/queries/organizations";
import { loadPlanAggregate } from "@/db/queries/plans";
import { InvalidParameter } from "@/components/invalid-parameter";
import { readAsMember, requireRoute } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { todayIn } from "@/lib/clock";
import { fiscalYearContaining, type QuarterNumber } from "@/lib/engine/calendar";
import { formatDecimal } from "@/lib/engine/decimal";
import { reportingQuarter, rollUp } from "@/lib/engine/kpi";
import { buildPlanInput, calendarOf } from "@/lib/planning/engine-input";
import { evaluatePlan } from "@/lib/planning/evaluate";
import { parseFiscalYearParam } from "@/lib/planning/year-param";
import { ScorecardTable } from "./scorecard-table";
import type { ScorecardRow } from "./scorecard-types";

export const metadata: Metadata = { title: "Scorecard" };

const searchSchema = z.object({
  year: z.string().optional(),
  quarter: z.string().optional(),
});

export default async function ScorecardPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const { member } = await requireRoute("/o/[orgSlug]/scorecard", orgSlug, `/o/${orgSlug}/scorecard`);
  const organization = member.organization;
  const search = searchSchema.safeParse(await searchParams);
  const today = todayIn(organization.timeZone);
  const calendar = calendarOf(organization);

  let fiscalYear = fiscalYearContaining(calendar, today).labelYear;
  if (search.success && search.data.year !== undefined) {
    const parsed = parseFiscalYearParam(search.data.year);
    if (parsed === null) return <InvalidParameter message={`year="${search.data.year}" is not a fiscal year. Use a year between 2000 and 2100, such as ?year=${fiscalYear}.`} />;
    fiscalYear = parsed;
  }
  let quarterParam: QuarterNumber | null = null;
  if (search.success && search.data.quarter !== undefined) {
    if (!/^[1-4]$/.test(search.data.quarter)) {
      return <InvalidParameter message={`quarter="${search.data.quarter}" is not a quarter. Use 1, 2, 3 or 4, such as ?quarter=1.`} />;
    }
    quarterParam = Number(search.data.quarter) as QuarterNumber;
  }

  const { aggregate, actuals, members } = await readAsMember(member, async (tx) => {
    const planAggregate = await loadPlanAggregate(tx, organization.id, fiscalYear);
    const kpiIds = planAggregate?.kpis.map((kpi) => kpi.id) ?? [];
    return {
      aggregate: planAggregate,
      actuals: await listActuals(tx, organization.id, kpiIds),
      members: await listMembers(tx, organization.id),
    };
  });
  const base = `/o/${organization.slug}`;
  if (!aggregate || aggregate.kpis.length === 0) {
    return (
      <div className="rounded-lg border bg-white p-8 text-center shadow-sm">
        <h1 className="text-xl font-semibold">No KPIs for FY{fiscalYear} yet</h1>
        <p className="mt-2 text-gray-600">The scorecard lists the KPIs of the year&apos;s plan, with a target for every week.</p>
        <Link href={`${base}/plan/${fiscalYear}`} className="mt-4 inline-block text-blue-600 hover:underline">
          Set up the FY{fiscalYear} plan
        </Link>
      </div>
    );
  }

  const evaluation = evaluatePlan(buildPlanInput(organization, aggregate, actuals, today));
  if (!evaluation.result) {
    return <InvalidParameter message={`The FY${fiscalYear} plan cannot be computed: ${evaluation.issues.map((issue) => issue.message).join("; ")}. Fix it on the plan page.`} />;
  }

  const year = evaluation.year;
  const quarter = quarterParam ? year.quarters[quarterParam - 1]! : reportingQuarter(year, today);
  const quarterWeeks = year.weeks.filter((week) => week.quarter === quarter.quarter);
  const ownerNames = new Map(members.map((row) => [row.membershipId, row.name]));

  const rows: ScorecardRow[] = aggregate.kpis.map((kpiRow) => {
    const evaluated = evaluation.evaluations.get(kpiRow.key)!;
    const kpi = evaluation.kpis.get(kpiRow.key)!;
    const weekRows = evaluated.rows.filter((row) => row.quarter === quarter.quarter);
    const quarterRollUp = rollUp(kpi, weekRows, evaluated.ratioParts.filter((_, index) => evaluated.rows[index]?.quarter === quarter.quarter));
    return {
      kpiId: kpiRow.id,
      name: kpiRow.name,
      ownerName: kpiRow.ownerMembershipId ? (ownerNames.get(kpiRow.ownerMembershipId) ?? "—") : "—",
      canEnter: can(member, "actuals:enter", { branch: kpiRow.branch, ownerMembershipId: kpiRow.ownerMembershipId }),
      trend: evaluated.flags.trend,
      weeks: weekRows.map((row) => ({
        week: row.week,
        end: row.end,
        phase: row.phase,
        target: row.target === null ? null : formatDecimal(row.target),
        actual: row.actual === null ? null : formatDecimal(row.actual),
        status: row.status,
      })),
      quarterToDate: {
        actual: quarterRollUp.actual === null ? null : formatDecimal(quarterRollUp.actual),
        target: quarterRollUp.target === null ? null : formatDecimal(quarterRollUp.target),
        status: quarterRollUp.status,
        elapsedWeeks: quarterRollUp.elapsedWeeks,
      },
    };
  });

  const link = (q: number) => `${base}/scorecard?year=${fiscalYear}&quarter=${q}`;
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">
            Scorecard · {year.label} Q{quarter.quarter}
          </h1>
          <p className="mt-1 text-sm text-gray-600">
            {quarter.start} to {quarter.end} · today is {today} ({organization.timeZone}).
          </p>
          <ul className="mt-2 flex flex-wrap gap-3 text-xs text-gray-700" aria-label="Legend">
            <li><span className="mr-1 inline-block h-3 w-3 rounded-sm border border-emerald-300 bg-emerald-100 align-middle" />on track</li>
            <li><span className="mr-1 inline-block h-3 w-3 rounded-sm border border-amber-300 bg-amber-100 align-middle" />at risk (within the KPI&apos;s tolerance)</li>
            <li><span className="mr-1 inline-block h-3 w-3 rounded-sm border border-red-300 bg-red-100 align-middle" />off track</li>
            <li><span className="mr-1 inline-block h-3 w-3 rounded-sm border border-gray-300 bg-gray-200 align-middle" />not entered</li>
            <li><span className="mr-1 inline-block h-3 w-3 rounded-sm border border-dashed border-gray-300 bg-white align-middle" />week in progress or upcoming</li>
          </ul>
        </div>
        <nav className="no-print flex items-center gap-1 text-sm" aria-label="Quarters">
          <Link href={`${base}/scorecard?year=${fiscalYear - 1}&quarter=4`} className="mr-2 text-blue-600 hover:underline">
            ← FY{fiscalYear - 1}
          </Link>
          {year.quarters.map((candidate) => (
            <Link
              key={candidate.quarter}
              href={link(candidate.quarter)}
              aria-current={candidate.quarter === quarter.quarter ? "page" : undefined}
              className={`rounded-md border px-3 py-1 ${candidate.quarter === quarter.quarter ? "bg-blue-600 text-white" : "bg-white hover:bg-gray-50"}`}
            >
              Q{candidate.quarter}
            </Link>
          ))}
          <Link href={`${base}/scorecard?year=${fiscalYear + 1}&quarter=1`} className="ml-2 text-blue-600 hover:underline">
            FY{fiscalYear + 1} →
          </Link>
        </nav>
      </header>
      <ScorecardTable orgSlug={organization.slug} rows={rows} weekStarts={quarterWeeks.map((week) => week.start)} />
    </div>
  );
}
