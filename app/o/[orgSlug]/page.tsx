import { Card } from "@tremor/react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { listActuals } from "@/db/queries/actuals";
import { loadPlanAggregate } from "@/db/queries/plans";
import { readAsMember, requireMember } from "@/lib/auth/page";
import { todayIn } from "@/lib/clock";
import { fiscalYearContaining } from "@/lib/engine/calendar";
import { formatCount } from "@/lib/format";
import { buildPlanInput, calendarOf } from "@/lib/planning/engine-input";
import { evaluatePlan } from "@/lib/planning/evaluate";

export const metadata: Metadata = { title: "Dashboard" };

const STATUS_LABELS = { on_track: "On track", at_risk: "At risk", off_track: "Off track", not_entered: "Not entered" } as const;

export default async function DashboardPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const member = await requireMember(orgSlug, `/o/${orgSlug}`);
  const organization = member.organization;
  // An agency has no plan of its own: its home is the portfolio of its clients.
  if (organization.kind === "agency") redirect(`/a/${organization.slug}`);
  const today = todayIn(organization.timeZone);
  const year = fiscalYearContaining(calendarOf(organization), today);
  const { aggregate, actuals } = await readAsMember(member, async (tx) => {
    const planAggregate = await loadPlanAggregate(tx, organization.id, year.labelYear);
    return { aggregate: planAggregate, actuals: await listActuals(tx, organization.id, planAggregate?.kpis.map((kpi) => kpi.id) ?? []) };
  });
  const base = `/o/${organization.slug}`;

  if (!aggregate) {
    return (
      <div className="rounded-lg border bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold">Welcome to {organization.name}</h1>
        <p className="mt-2 text-gray-600">
          There is no plan for {year.label} yet. Start with the revenue goal: Backsolve works back through your funnel to the weekly targets.
        </p>
        <Link href={`${base}/plan/${year.labelYear}`} className="mt-4 inline-block rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700">
          Plan {year.label}
        </Link>
      </div>
    );
  }

  const evaluation = evaluatePlan(buildPlanInput(organization, aggregate, actuals, today));
  const kpiResults = evaluation.result ? Object.entries(evaluation.result.kpis) : [];
  const counts = { on_track: 0, at_risk: 0, off_track: 0, not_entered: 0 };
  for (const [, kpi] of kpiResults) {
    const lastWeek = kpi.weeklyStatus[kpi.weeklyStatus.length - 1];
    if (lastWeek) counts[lastWeek.status] += 1;
  }

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">
        {organization.name} · {year.label}
      </h1>
      <div className="grid gap-4 md:grid-cols-4">
        {(Object.keys(counts) as (keyof typeof counts)[]).map((status) => (
          <Card key={status}>
            <p className="text-sm text-gray-600">{STATUS_LABELS[status]} last week</p>
            <p className="text-3xl font-semibold">{counts[status]}</p>
          </Card>
        ))}
      </div>
      {kpiResults.map(([key, kpi]) => (
        <Card key={key}>
          <h2 className="font-semibold">{evaluation.kpis.get(key)?.name}</h2>
          <dl className="mt-2 grid grid-cols-2 gap-4 text-sm md:grid-cols-4">
            {(
              [
                ["Quarter to date", kpi.quarterToDate.actual, kpi.quarterToDate.target],
                ["Year to date", kpi.yearToDate.actual, kpi.yearToDate.target],
                ["Projected quarter end", kpi.paceProjection.projected, kpi.paceProjection.target],
                ["Projected year end", kpi.paceProjection.yearEnd.projected, kpi.paceProjection.yearEnd.target],
              ] as const
            ).map(([label, actual, target]) => (
              <div key={label}>
                <dt className="text-gray-600">{label}</dt>
                <dd>
                  {formatCount(actual)} of {formatCount(target)}
                </dd>
              </div>
            ))}
          </dl>
          {kpi.flags.trend ? <p className="mt-2 text-sm font-medium text-red-700">Off track several weeks running.</p> : null}
        </Card>
      ))}
      <p className="text-sm">
        <Link href={`${base}/scorecard`} className="text-blue-600 hover:underline">Open the scorecard</Link> ·{" "}
        <Link href={`${base}/plan/${year.labelYear}`} className="text-blue-600 hover:underline">Open the plan</Link>
      </p>
    </div>
  );
}
