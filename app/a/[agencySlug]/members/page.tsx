import type { Metadata } from "next";
import { MembersView } from "@/app/o/[orgSlug]/settings/members/members-view";
import { NotAllowed } from "@/components/not-allowed";
import { requireRoute } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Members" };

/** Renders the agency's member management: invitations, roles and removals. */
export default async function AgencyMembersPage({ params }: { params: Promise<{ agencySlug: string }> }) {
  const { agencySlug } = await params;
  const { allowed, member } = await requireRoute("/a/[agencySlug]/members", agencySlug, `/a/${agencySlug}/members`);
  if (!allowed) return <NotAllowed what="manage the agency's members" />;
  return <MembersView member={member} />;
}
