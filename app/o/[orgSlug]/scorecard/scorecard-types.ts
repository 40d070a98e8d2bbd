import type { WeekPhase } from "@/lib/engine/kpi";
import type { WeekStatus } from "@/lib/engine/status";

export interface ScorecardWeek {
  week: string;
  end: string;
  phase: WeekPhase;
  target: string | null;
  actual: string | null;
  status: WeekStatus | null;
}

export interface ScorecardRow {
  kpiId: string;
  name: string;
  ownerName: string;
  canEnter: boolean;
  trend: boolean;
  weeks: ScorecardWeek[];
  quarterToDate: { actual: string | null; target: string | null; status: WeekStatus; elapsedWeeks: number };
}
