import type { Metadata } from "next";
import { MembersView } from "@/app/o/[orgSlug]/settings/members/members-view";
import { NotAllowed } from "@/components/not-allowed";
import { checkPagePermission, requireRoute } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Members" };

/** Renders the agency's member management: invitations, roles and removals. */
export default async function AgencyMembersPage({ params }: { params: Promise<{ agencySlug: string }> }) {
  const { agencySlug } = await params;
  // NOTE: the route table has no entry of its own for this page, so the agency
  // check comes from the portfolio's entry and the permission is checked here.
  const { member } = await requireRoute("/a/[agencySlug]", agencySlug, `/a/${agencySlug}/members`);
  if (!checkPagePermission(member, "members:manage", "agency members")) {
    return <NotAllowed what="manage the agency's members" />;
  }
  return <MembersView member={member} />;
}
