"use client";

import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition, type KeyboardEvent } from "react";
import { formatCount } from "@/lib/format";
import { enterActual } from "./actions";
import type { ScorecardRow, ScorecardWeek } from "./scorecard-types";

const STATUS_STYLES: Record<string, string> = {
  on_track: "bg-emerald-100 text-emerald-900 border-emerald-300",
  at_risk: "bg-amber-100 text-amber-900 border-amber-300",
  off_track: "bg-red-100 text-red-900 border-red-300",
  not_entered: "bg-gray-200 text-gray-700 border-gray-300",
  in_progress: "bg-white text-gray-700 border-dashed border-gray-300",
  upcoming: "bg-white text-gray-400 border-gray-200",
};

const STATUS_LABELS: Record<string, string> = {
  on_track: "on track",
  at_risk: "at risk",
  off_track: "off track",
  not_entered: "not entered",
  in_progress: "in progress",
  upcoming: "upcoming",
};

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, ScorecardRow>();

function shortDate(iso: string) {
  const [, month, day] = iso.split("-");
  return `${Number(month)}/${Number(day)}`;
}

export function ScorecardTable({ orgSlug, rows, weekStarts }: { orgSlug: string; rows: ScorecardRow[]; weekStarts: string[] }) {
  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor("name", {
          header: "KPI",
          cell: (info) => (
            <div>
              <div className="font-medium">{info.getValue()}</div>
              {info.row.original.trend ? (
                <div className="text-xs font-medium text-red-700" title="Off track in each of the last entered weeks">
                  Trend: off track several weeks running
                </div>
              ) : null}
            </div>
          ),
        }),
        helper.accessor("ownerName", { header: "Owner" }),
        ...weekStarts.map((weekStart, index) =>
          helper.display({
            id: `week-${weekStart}`,
            header: () => (
              <div className="text-center">
                <div>W{index + 1}</div>
                <div className="text-xs font-normal text-gray-500">{shortDate(weekStart)}</div>
              </div>
            ),
            cell: (info) => {
              const week = info.row.original.weeks.find((candidate) => candidate.week === weekStart);
              return week ? <WeekCell orgSlug={orgSlug} row={info.row.original} week={week} /> : null;
            },
          }),
        ),
        helper.display({
          id: "quarter-to-date",
          header: "Quarter to date",
          cell: (info) => {
            const qtd = info.row.original.quarterToDate;
            return (
              <div className={`rounded border px-2 py-1 text-center text-xs ${STATUS_STYLES[qtd.status]}`} data-testid="quarter-to-date" data-status={qtd.status}>
                <div className="font-semibold tabular-nums">
                  {formatCount(qtd.actual)} / {formatCount(qtd.target)}
                </div>
                <div>{STATUS_LABELS[qtd.status]}</div>
              </div>
            );
          },
        }),
      ]),
    [orgSlug, weekStarts],
  );

  const table = useTable({ features, columns, data: rows });
  const scroller = useRef<HTMLDivElement>(null);

  // Wide quarters do not fit a laptop screen: start with the current week in view.
  useEffect(() => {
    const current = scroller.current?.querySelector<HTMLElement>('[data-status="in_progress"]');
    if (current && scroller.current) {
      scroller.current.scrollLeft = Math.max(0, current.offsetLeft - scroller.current.clientWidth / 2);
    }
  }, []);

  return (
    <div ref={scroller} className="overflow-x-auto rounded-lg border bg-white shadow-sm" tabIndex={0} aria-label="Scorecard table; scroll sideways for more weeks">
      <table className="min-w-full text-sm">
        <thead className="bg-gray-50 text-left text-gray-700">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} className="px-2 py-2 font-medium">
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-testid={`kpi-row-${row.original.kpiId}`}>
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className="px-1 py-2 align-top">
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WeekCell({ orgSlug, row, week }: { orgSlug: string; row: ScorecardRow; week: ScorecardWeek }) {
  const router = useRouter();
  const [draft, setDraft] = useState(week.actual ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const colour = week.phase === "elapsed" ? (week.status ?? "not_entered") : week.phase;
  const editable = row.canEnter && week.phase !== "upcoming";
  let shownActual = "";
  if (week.actual !== null) shownActual = formatCount(week.actual);
  else if (week.phase !== "upcoming") shownActual = "—";

  function save() {
    const value = draft.trim();
    if (value === (week.actual ?? "")) return;
    startTransition(async () => {
      const result = await enterActual(orgSlug, { kpiId: row.kpiId, weekStart: week.week, value });
      if (result.ok) {
        setError(null);
        router.refresh();
      } else {
        setError(result.fieldErrors.value ?? result.message);
      }
    });
  }

  function handleKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      save();
    }
    if (event.key === "Escape") {
      setDraft(week.actual ?? "");
      setError(null);
    }
  }

  return (
    <div
      className={`min-w-[4.5rem] rounded border px-1 py-1 text-center text-xs ${STATUS_STYLES[colour]} ${pending ? "opacity-60" : ""}`}
      data-testid={`week-${week.week}`}
      data-status={colour}
      title={`Week of ${week.week}: ${STATUS_LABELS[colour]}`}
    >
      <div className="text-[11px] text-gray-600">target {formatCount(week.target)}</div>
      {editable ? (
        <input
          aria-label={`Actual for ${row.name}, week of ${week.week}`}
          value={draft}
          inputMode="decimal"
          onChange={(event) => setDraft(event.target.value)}
          onBlur={save}
          onKeyDown={handleKey}
          aria-invalid={error ? true : undefined}
          className="mt-0.5 w-full rounded border border-gray-300 bg-white/80 px-1 py-0.5 text-center tabular-nums"
        />
      ) : (
        <div className="mt-0.5 font-semibold tabular-nums">{shownActual}</div>
      )}
      <div className="mt-0.5">{STATUS_LABELS[colour]}</div>
      {error ? (
        <div role="alert" className="mt-1 text-left text-[11px] text-red-700">
          {error}
        </div>
      ) : null}
    </div>
  );
}
