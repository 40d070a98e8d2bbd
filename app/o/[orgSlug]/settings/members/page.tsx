import type { Metadata } from "next";
import { NotAllowed } from "@/components/not-allowed";
import { requireRoute } from "@/lib/auth/page";
import { MembersView } from "./members-view";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requireRoute("/o/[orgSlug]/settings/members", orgSlug, `/o/${orgSlug}/settings/members`);
  if (!access.allowed) return <NotAllowed what="manage the organization's members" />;
  return <MembersView member={access.member} />;
}
