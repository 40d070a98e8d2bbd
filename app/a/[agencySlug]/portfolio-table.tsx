"use client";

import {
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  filterFn_includesString,
  globalFilteringFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
  type FilterFn,
  type SortFn,
} from "@tanstack/react-table";
import Link from "next/link";
import type { ReactNode } from "react";
import { parseDecimal } from "@/lib/engine/decimal";
import type { PortfolioRow } from "@/lib/agencies/portfolio";
import { formatMoney } from "@/lib/format";

const features = tableFeatures({
  columnFilteringFeature,
  globalFilteringFeature,
  rowSortingFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
  filterFns: { includesString: filterFn_includesString },
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, PortfolioRow>();

const ATTENTION_OPTIONS = {
  all: "All clients",
  attention: "Needing attention",
  red_flags: "With red flags",
  missing: "With missing entries",
  off_track: "Off track last week",
  no_plan: "Without a plan",
} as const;
type Attention = keyof typeof ATTENTION_OPTIONS;

/** Checks whether a client belongs in the chosen view. "Needing attention" matches any of the other conditions. */
function needsAttention(row: PortfolioRow, view: Attention): boolean {
  const checks: Record<Exclude<Attention, "all" | "attention">, boolean> = {
    red_flags: row.redFlags.length > 0,
    missing: row.missingEntries.length > 0,
    off_track: row.statusCounts.off_track > 0,
    no_plan: !row.hasPlan || row.planIssues > 0,
  };
  if (view === "all") return true;
  if (view === "attention") return Object.values(checks).some(Boolean);
  return checks[view];
}

const attentionFilter: FilterFn<typeof features, PortfolioRow> = (row, _columnId, view: Attention) => needsAttention(row.original, view);

// Goals are exact decimals, so they are compared exactly rather than as floating-point numbers.
const goalSort: SortFn<typeof features, PortfolioRow> = (rowA, rowB) => {
  const a = rowA.original.revenueGoal;
  const b = rowB.original.revenueGoal;
  if (a === null && b === null) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return parseDecimal(a).compare(parseDecimal(b));
};

const onTrackShare = (row: PortfolioRow) => (row.kpiCount === 0 ? undefined : row.kpisOnTrackYearToDate / row.kpiCount);

function shortDate(iso: string) {
  const [, month, day] = iso.split("-");
  return `${Number(month)}/${Number(day)}`;
}

function Count({ value, tone }: { value: number; tone: string }) {
  return <span className={`inline-block min-w-[2rem] rounded px-2 py-0.5 text-center font-semibold tabular-nums ${value > 0 ? tone : "text-gray-400"}`}>{value}</span>;
}

function Names({ names }: { names: string[] }) {
  if (names.length === 0) return <span className="text-gray-400">None</span>;
  return (
    <div>
      <span className="font-semibold tabular-nums">{names.length}</span>
      <div className="text-xs text-gray-600">{names.join(", ")}</div>
    </div>
  );
}

const columns = helper.columns([
  helper.accessor("name", {
    header: "Client",
    sortFn: "alphanumeric",
    filterFn: "includesString",
    cell: (info) => {
      const row = info.row.original;
      return (
        <div>
          <Link href={`/o/${row.slug}`} className="font-medium text-blue-700 hover:underline">
            {row.name}
          </Link>
          <div className="text-xs text-gray-500">
            {row.fiscalYear}
            {row.lastCompleteWeek ? ` · week of ${shortDate(row.lastCompleteWeek)}` : " · no complete week yet"}
          </div>
        </div>
      );
    },
  }),
  helper.accessor("revenueGoal", {
    header: "Revenue goal",
    sortFn: goalSort,
    enableGlobalFilter: false,
    cell: (info) => {
      const row = info.row.original;
      if (!row.hasPlan) {
        return (
          <Link href={`/o/${row.slug}/plan`} className="text-sm text-blue-700 hover:underline">
            No plan for {row.fiscalYear}
          </Link>
        );
      }
      return (
        <div>
          <div className="tabular-nums">{formatMoney(row.revenueGoal, row.currency)}</div>
          {row.planIssues > 0 ? <div className="text-xs text-red-700">Plan has {row.planIssues} problem(s); open it to fix them.</div> : null}
        </div>
      );
    },
  }),
  helper.accessor(onTrackShare, {
    id: "onTrackShare",
    header: "KPIs on track this year",
    sortFn: "basic",
    sortUndefined: "last",
    enableGlobalFilter: false,
    cell: (info) => {
      const row = info.row.original;
      if (row.kpiCount === 0) return <span className="text-gray-400">No KPIs</span>;
      const percent = Math.round((row.kpisOnTrackYearToDate / row.kpiCount) * 100);
      return (
        <div className="tabular-nums">
          {row.kpisOnTrackYearToDate} of {row.kpiCount} <span className="text-xs text-gray-500">({percent} %)</span>
        </div>
      );
    },
  }),
  helper.accessor((row) => row.statusCounts.on_track, {
    id: "onTrack",
    header: "On track",
    sortFn: "basic",
    enableGlobalFilter: false,
    cell: (info) => <Count value={info.getValue()} tone="bg-emerald-100 text-emerald-900" />,
  }),
  helper.accessor((row) => row.statusCounts.at_risk, {
    id: "atRisk",
    header: "At risk",
    sortFn: "basic",
    enableGlobalFilter: false,
    cell: (info) => <Count value={info.getValue()} tone="bg-amber-100 text-amber-900" />,
  }),
  helper.accessor((row) => row.statusCounts.off_track, {
    id: "offTrack",
    header: "Off track",
    sortFn: "basic",
    enableGlobalFilter: false,
    cell: (info) => <Count value={info.getValue()} tone="bg-red-100 text-red-900" />,
  }),
  helper.accessor((row) => row.missingEntries.length, {
    id: "missing",
    header: "Not entered",
    sortFn: "basic",
    enableGlobalFilter: false,
    cell: (info) => <Names names={info.row.original.missingEntries} />,
  }),
  helper.accessor((row) => row.redFlags.length, {
    id: "redFlags",
    header: "Red flags",
    sortFn: "basic",
    enableGlobalFilter: false,
    filterFn: attentionFilter,
    cell: (info) => <Names names={info.row.original.redFlags} />,
  }),
]);

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

function SortMarker({ direction }: { direction: false | "asc" | "desc" }): ReactNode {
  if (direction === "asc") return <span aria-hidden> ▲</span>;
  if (direction === "desc") return <span aria-hidden> ▼</span>;
  return null;
}

/** Shows the agency's clients with their goal progress and last week's statuses, sortable and filterable. */
export function PortfolioTable({ rows }: { rows: PortfolioRow[] }) {
  const table = useTable({
    features,
    columns,
    data: rows,
    getColumnCanGlobalFilter: (column) => column.id === "name",
    globalFilterFn: "includesString",
  });
  const search = String(table.state.globalFilter ?? "");
  const view = (table.getColumn("redFlags")?.getFilterValue() as Attention | undefined) ?? "all";
  const visible = table.getRowModel().rows;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <label className="block">
          <span className="font-medium text-gray-700">Find a client</span>
          <input
            type="search"
            value={search}
            onChange={(event) => table.setGlobalFilter(event.target.value)}
            placeholder="Client name"
            className="mt-1 block rounded-md border border-gray-300 px-3 py-1.5"
          />
        </label>
        <label className="block">
          <span className="font-medium text-gray-700">Show</span>
          <select
            value={view}
            onChange={(event) => table.getColumn("redFlags")?.setFilterValue(event.target.value === "all" ? undefined : event.target.value)}
            className="mt-1 block rounded-md border border-gray-300 px-3 py-1.5"
          >
            {Object.entries(ATTENTION_OPTIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <p className="text-gray-600" role="status">
          {visible.length} of {rows.length} clients
        </p>
      </div>
      <div className="overflow-x-auto rounded-lg border bg-white shadow-sm">
        <table className="min-w-full text-sm">
          <thead className="bg-gray-50 text-left text-gray-700">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const direction = header.column.getIsSorted();
                  const ariaSort = direction ? ARIA_SORT[direction] : "none";
                  return (
                    <th
                      key={header.id}
                      className="px-3 py-2 font-medium"
                      aria-sort={ariaSort}
                    >
                      {header.isPlaceholder ? null : (
                        <button type="button" onClick={header.column.getToggleSortingHandler()} className="text-left hover:text-blue-700">
                          <table.FlexRender header={header} />
                          <SortMarker direction={direction} />
                        </button>
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y">
            {visible.map((row) => (
              <tr key={row.id} data-testid={`client-row-${row.original.slug}`}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 align-top">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
            {visible.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-3 py-6 text-center text-gray-600">
                  No client matches these filters. Clear the search or choose &quot;All clients&quot;.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}
