import { Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@tremor/react";
import type { PlanEvaluation } from "@/lib/planning/evaluate";
import { formatCount, formatMoney, formatPercent } from "@/lib/format";

const FEASIBILITY_LABELS: Record<string, { label: string; className: string }> = {
  within_reach: { label: "Within reach", className: "text-emerald-700" },
  stretch: { label: "Stretch", className: "text-amber-700" },
  out_of_reach: { label: "Out of reach", className: "text-red-700" },
  unknown: { label: "Unknown", className: "text-gray-500" },
};

/** Shows what the engine computes from the saved plan, beside the form. */
export function PlanResults({
  evaluation,
  currency,
  stageNames,
}: {
  evaluation: PlanEvaluation | null;
  currency: string;
  /** Display names by "funnelKey/stageKey". */
  stageNames: ReadonlyMap<string, string>;
}) {
  if (!evaluation) {
    return (
      <Card className="h-fit">
        <h2 className="text-lg font-semibold">What the plan asks for</h2>
        <p className="mt-2 text-sm text-gray-600">
          Save the goal, the funnel&apos;s volumes from last year and a KPI, and the customers, stage volumes and weekly
          targets they require appear here.
        </p>
      </Card>
    );
  }
  if (!evaluation.result) {
    return (
      <Card className="h-fit">
        <h2 className="text-lg font-semibold">The saved plan cannot be computed</h2>
        <ul className="mt-2 list-disc pl-5 text-sm text-red-700">
          {evaluation.issues.map((issue) => (
            <li key={issue.path + issue.message}>{issue.message}</li>
          ))}
        </ul>
      </Card>
    );
  }

  const result = evaluation.result;
  const funnelEntries = Object.entries(result.funnels);
  return (
    <div className="space-y-6" data-testid="plan-results">
      <Card>
        <h2 className="text-lg font-semibold">New customers needed</h2>
        <dl className="mt-3 grid grid-cols-3 gap-4 text-sm">
          <div>
            <dt className="text-gray-600">New-customer revenue</dt>
            <dd className="text-xl font-semibold">{formatMoney(result.newCustomerRevenue, currency)}</dd>
          </div>
          <div>
            <dt className="text-gray-600">Marketing</dt>
            <dd className="text-xl font-semibold" data-testid="customers-marketing">{result.customersNeeded.marketing}</dd>
          </div>
          <div>
            <dt className="text-gray-600">Sales</dt>
            <dd className="text-xl font-semibold">{result.customersNeeded.sales}</dd>
          </div>
        </dl>
      </Card>

      {funnelEntries.map(([key, funnel]) => (
        <Card key={key}>
          <h2 className="text-lg font-semibold">Funnel, worked back from {funnel.customersNeeded} customers</h2>
          <p className={`mt-1 text-sm ${FEASIBILITY_LABELS[funnel.feasibility.verdict]?.className ?? ""}`}>
            Overall: {FEASIBILITY_LABELS[funnel.feasibility.verdict]?.label}
            {funnel.feasibility.firstStageOutOfReach
              ? ` (first out of reach: ${stageNames.get(`${key}/${funnel.feasibility.firstStageOutOfReach}`) ?? funnel.feasibility.firstStageOutOfReach})`
              : ""}
          </p>
          <Table className="mt-3">
            <TableHead>
              <TableRow>
                <TableHeaderCell>Stage</TableHeaderCell>
                <TableHeaderCell className="text-right">Needed</TableHeaderCell>
                <TableHeaderCell className="text-right">Growth</TableHeaderCell>
                <TableHeaderCell className="text-right">Rate to next</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {Object.entries(funnel.neededVolumes).map(([stage, needed], index, all) => {
                const next = all[index + 1]?.[0];
                const rate = next ? funnel.conversionRates[`${stage}->${next}`] : undefined;
                const growth = funnel.growthRequired[stage];
                return (
                  <TableRow key={stage} data-testid={`needed-${stage}`}>
                    <TableCell>{stageNames.get(`${key}/${stage}`) ?? stage}</TableCell>
                    <TableCell className="text-right font-medium tabular-nums">{formatCount(needed)}</TableCell>
                    <TableCell className="text-right tabular-nums">{growth == null ? "—" : `${Number(growth) >= 0 ? "+" : ""}${formatPercent(growth, 1)}`}</TableCell>
                    <TableCell className="text-right tabular-nums">{rate == null ? "" : formatPercent(rate)}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          {funnel.warnings.length > 0 ? (
            <ul className="mt-2 text-xs text-amber-700">
              {funnel.warnings.map((warning) => (
                <li key={warning.transition}>
                  {warning.transition}: {warning.code === "rate_above_one" ? "last year's rate was above 100 %; 100 % is used" : "no volume last year; the planned rate is used"}
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      ))}

      {Object.entries(result.kpis).map(([key, kpi]) => (
        <Card key={key}>
          <h2 className="text-lg font-semibold">{evaluation.kpis.get(key)?.name ?? key}: targets</h2>
          <p className="mt-1 text-sm text-gray-600">Annual target {formatCount(kpi.annualTarget)}</p>
          <Table className="mt-3">
            <TableHead>
              <TableRow>
                <TableHeaderCell>Quarter</TableHeaderCell>
                <TableHeaderCell className="text-right">Target</TableHeaderCell>
                <TableHeaderCell className="text-right">Weeks</TableHeaderCell>
                <TableHeaderCell className="text-right">Weekly target</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {kpi.quarters.map((quarter) => (
                <TableRow key={quarter.quarter} data-testid={`quarter-${quarter.quarter}`}>
                  <TableCell>Q{quarter.quarter}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatCount(quarter.target)}</TableCell>
                  <TableCell className="text-right tabular-nums">{quarter.weeks}</TableCell>
                  <TableCell className="text-right font-medium tabular-nums" data-testid={`weekly-target-q${quarter.quarter}`}>
                    {formatCount(quarter.weeklyTarget)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      ))}
    </div>
  );
}
