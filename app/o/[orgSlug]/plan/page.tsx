import { redirect } from "next/navigation";
import { requireRoute } from "@/lib/auth/page";
import { todayIn } from "@/lib/clock";
import { fiscalYearContaining } from "@/lib/engine/calendar";
import { calendarOf } from "@/lib/planning/engine-input";

/** Opens the plan of the fiscal year that contains today. */
export default async function CurrentPlanPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { member } = await requireRoute("/o/[orgSlug]/plan", orgSlug, `/o/${orgSlug}/plan`);
  const organization = member.organization;
  const year = fiscalYearContaining(calendarOf(organization), todayIn(organization.timeZone));
  redirect(`/o/${organization.slug}/plan/${year.labelYear}`);
}
