import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/db/queries/audit";
import { deleteActual, findActual, upsertActual } from "@/db/queries/actuals";
import { findKpi } from "@/db/queries/plans";
import { plans } from "@/db/schema";
import type { ActionDefinition } from "@/lib/auth/action";
import { can } from "@/lib/auth/permissions";
import { todayIn } from "@/lib/clock";
import { fiscalYearByLabel, isIsoDate, weekContaining } from "@/lib/engine/calendar";
import { formatDecimal, isPlainDecimal, parseDecimal } from "@/lib/engine/decimal";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { calendarOf } from "@/lib/planning/engine-input";

const enterActualInput = z.object({
  kpiId: z.uuid("The KPI id is invalid; reload the scorecard."),
  weekStart: z.string().refine(isIsoDate, { message: "The week must be a date such as 2027-01-04; reload the scorecard." }),
  // An empty value clears the week back to "not entered"; zero is a real entry.
  value: z
    .string()
    .trim()
    .transform((text) => text.replace(/[\s_]/g, "").replace(/,(?=\d{3}(\D|$))/g, ""))
    .refine((text) => text === "" || isPlainDecimal(text), {
      message: "Enter a number such as 260 or 12.5, or leave it empty for not entered.",
    })
    .refine((text) => text.length <= 30, { message: "The number is too long." }),
  note: z.string().trim().max(2000, "Keep the note under 2,000 characters.").optional(),
});

export interface EnterActualResult {
  kpiId: string;
  weekStart: string;
  value: string | null;
}

export const enterActualAction: ActionDefinition<typeof enterActualInput, EnterActualResult> = {
  name: "actual.enter",
  permission: "actuals:enter",
  input: enterActualInput,
  revalidate: ({ orgSlug }) => [`/o/${orgSlug}/scorecard`, `/o/${orgSlug}`],
  async handler({ db, user, member, input, log }) {
    const organization = member.organization;
    const kpi = await findKpi(db, organization.id, input.kpiId);
    if (!kpi) throw notFound("The KPI");
    if (!can(member, "actuals:enter", { branch: kpi.branch, ownerMembershipId: kpi.ownerMembershipId })) {
      log.warn({ reason: "not_kpi_owner", kpiId: kpi.id }, "action denied");
      throw forbidden("You can enter actuals only for the KPIs you own or your branch's KPIs.");
    }

    const [plan] = await db
      .select({ fiscalYear: plans.fiscalYear })
      .from(plans)
      .where(and(eq(plans.organizationId, organization.id), eq(plans.id, kpi.planId)));
    if (!plan) throw notFound("The KPI's plan");
    const year = fiscalYearByLabel(calendarOf(organization), plan.fiscalYear);
    const week = weekContaining(year, input.weekStart);
    if (!week || week.start !== input.weekStart) {
      throw new DomainError("invalid", `${input.weekStart} is not the first day of a week of ${year.label}. Reload the scorecard.`, {
        weekStart: "Not a week of this plan's fiscal year.",
      });
    }
    const today = todayIn(organization.timeZone);
    if (week.start > today) {
      throw new DomainError("invalid", `The week of ${week.start} has not started yet, so it cannot have an actual.`, {
        value: "This week has not started yet.",
      });
    }

    const value = input.value === "" ? null : formatDecimal(parseDecimal(input.value));
    if (value !== null && kpi.unit === "count" && value.startsWith("-")) {
      throw new DomainError("invalid", `${input.value} is negative; ${kpi.name} counts things, so enter 0 or more.`, {
        value: "A count cannot be negative. Enter 0 or more.",
      });
    }
    return db.transaction(async (tx) => {
      const previous = await findActual(tx, organization.id, kpi.id, week.start);
      if (value === null) {
        await deleteActual(tx, organization.id, kpi.id, week.start);
      } else {
        await upsertActual(tx, organization.id, { kpiId: kpi.id, weekStart: week.start, value, note: input.note ?? previous?.note ?? null, enteredBy: user.id });
      }
      const oldValue = previous ? formatDecimal(parseDecimal(previous.value)) : null;
      if (oldValue !== value) {
        let action = "actual.create";
        if (value === null) action = "actual.clear";
        else if (previous) action = "actual.update";
        await recordAudit(tx, {
          organizationId: organization.id,
          actorUserId: user.id,
          action,
          entityType: "kpi",
          entityId: kpi.id,
          oldValue: previous ? { weekStart: week.start, value: oldValue } : null,
          newValue: value === null ? null : { weekStart: week.start, value },
        });
      }
      log.info({ kpiId: kpi.id, weekStart: week.start }, "actual entered");
      return { kpiId: kpi.id, weekStart: week.start, value };
    });
  },
};
