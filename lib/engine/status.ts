import { ZERO, type Decimal } from "./decimal";
import type { Band, Direction } from "./types";

/**
 * Status of an actual against its target or band, and the trend flag that
 * marks a KPI off track for several entered weeks in a row.
 */

export type WeekStatus = "on_track" | "at_risk" | "off_track" | "not_entered";

export const DEFAULT_TREND_WEEKS = 3;

/** Target of a status check: a single value, or the band of a "between" or "outside" KPI. */
export interface StatusGoal {
  target: Decimal | null;
  band: Band | null;
}

/** Tells whether `actual` satisfies the direction against the target or band. */
export function meetsDirection(actual: Decimal, direction: Direction, goal: StatusGoal): boolean {
  if (direction === "between" || direction === "outside") {
    const band = requireBand(direction, goal.band);
    const inside = actual.compare(band.low) >= 0 && actual.compare(band.high) <= 0;
    return direction === "between" ? inside : !inside;
  }

  const target = requireTarget(direction, goal.target);
  const order = actual.compare(target);
  switch (direction) {
    case "at_least":
      return order >= 0;
    case "above":
      return order > 0;
    case "at_most":
      return order <= 0;
    case "below":
      return order < 0;
    case "equal":
      return order === 0;
  }
}

/**
 * Measures how far `actual` is on the wrong side, paired with the value the
 * tolerance is a fraction of: the target, or for bands the nearer bound. An
 * "outside" actual exactly in the middle of the band yields both bounds.
 */
function misses(actual: Decimal, direction: Direction, goal: StatusGoal): { distance: Decimal; reference: Decimal }[] {
  if (direction === "between") {
    const band = requireBand(direction, goal.band);
    if (actual.compare(band.low) < 0) return [{ distance: band.low.sub(actual), reference: band.low }];
    return [{ distance: actual.sub(band.high), reference: band.high }];
  }
  if (direction === "outside") {
    const band = requireBand(direction, goal.band);
    const toLow = actual.sub(band.low);
    const toHigh = band.high.sub(actual);
    const order = toLow.compare(toHigh);
    const result: { distance: Decimal; reference: Decimal }[] = [];
    if (order <= 0) result.push({ distance: toLow, reference: band.low });
    if (order >= 0) result.push({ distance: toHigh, reference: band.high });
    return result;
  }
  const target = requireTarget(direction, goal.target);
  return [{ distance: actual.sub(target).abs(), reference: target }];
}

/**
 * Status of one actual. A null actual is not entered (a blank is never a
 * zero). An actual on the wrong side by no more than tolerance × |target| (of
 * the nearer bound for bands) is at risk; with a target of 0, or no tolerance
 * or a tolerance of 0, nothing is at risk.
 */
export function statusOf(
  actual: Decimal | null,
  direction: Direction,
  goal: StatusGoal,
  tolerance: Decimal | null,
): WeekStatus {
  if (actual === null) return "not_entered";
  if (meetsDirection(actual, direction, goal)) return "on_track";
  if (tolerance === null || tolerance.compare(ZERO) <= 0) return "off_track";

  const withinTolerance = misses(actual, direction, goal).some(
    ({ distance, reference }) =>
      !reference.equals(ZERO) && distance.compare(tolerance.mul(reference.abs())) <= 0,
  );
  return withinTolerance ? "at_risk" : "off_track";
}

/**
 * Computes the trend flag as of each position: true when each of the last
 * `trendWeeks` entered weeks up to that position is off track. Weeks not
 * entered are skipped, and an at-risk or on-track week breaks the run.
 */
export function trendFlags(statuses: readonly WeekStatus[], trendWeeks: number = DEFAULT_TREND_WEEKS): boolean[] {
  if (!Number.isInteger(trendWeeks) || trendWeeks < 1) {
    throw new Error(`trend weeks ${String(trendWeeks)} is invalid; use a whole number of at least 1`);
  }
  let offTrackRun = 0;
  return statuses.map((status) => {
    if (status === "off_track") offTrackRun += 1;
    else if (status !== "not_entered") offTrackRun = 0;
    return offTrackRun >= trendWeeks;
  });
}

export type Change = "improving" | "worsening" | "unchanged";

/**
 * Classifies a move from `previous` to `current` by the KPI's direction rather
 * than by the sign of the change. For "at most" and "below" KPIs a fall is an
 * improvement. For "equal" and "between" KPIs, getting closer to the target or
 * band is. For "outside" KPIs, moving away from the band's middle is.
 */
export function changeBetween(
  previous: Decimal,
  current: Decimal,
  direction: Direction,
  goal: StatusGoal,
): Change {
  const score = (value: Decimal): Decimal => {
    switch (direction) {
      case "at_least":
      case "above":
        return value;
      case "at_most":
      case "below":
        return value.neg();
      case "equal":
        return value.sub(requireTarget(direction, goal.target)).abs().neg();
      case "between": {
        const band = requireBand(direction, goal.band);
        if (value.compare(band.low) < 0) return value.sub(band.low);
        if (value.compare(band.high) > 0) return band.high.sub(value);
        return ZERO;
      }
      case "outside": {
        const band = requireBand(direction, goal.band);
        return value.sub(band.low.add(band.high).div(2)).abs();
      }
    }
  };
  const order = score(current).compare(score(previous));
  if (order > 0) return "improving";
  if (order < 0) return "worsening";
  return "unchanged";
}

function requireTarget(direction: Direction, target: Decimal | null): Decimal {
  if (target === null) throw new Error(`a "${direction}" KPI needs a target; give it an annual target`);
  return target;
}

function requireBand(direction: Direction, band: Band | null): Band {
  if (band === null) throw new Error(`a "${direction}" KPI needs a band; give it a low and a high bound`);
  return band;
}
