import { Temporal } from "temporal-polyfill";
import { z } from "zod";

/**
 * The server's only source of the current time. BACKSOLVE_TEST_NOW pins it to
 * an instant so that browser tests see the same weeks on any date; nothing
 * but the test set-up sets it.
 */
const testNowSchema = z.iso.datetime({ offset: true });

export function now(): Temporal.Instant {
  const pinned = process.env.BACKSOLVE_TEST_NOW;
  if (pinned) {
    const parsed = testNowSchema.safeParse(pinned);
    if (!parsed.success) {
      throw new Error(`BACKSOLVE_TEST_NOW="${pinned}" is not an ISO date-time such as 2027-02-15T18:00:00Z`);
    }
    return Temporal.Instant.from(parsed.data);
  }
  return Temporal.Now.instant();
}

/** Today's calendar date ("YYYY-MM-DD") in the given IANA time zone. */
export function todayIn(timeZone: string, instant: Temporal.Instant = now()): string {
  return instant.toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    Temporal.Now.instant().toZonedDateTimeISO(timeZone);
    return true;
  } catch {
    return false;
  }
}
