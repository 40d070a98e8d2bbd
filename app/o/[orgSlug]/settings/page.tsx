import type { Metadata } from "next";
import { settingsOf } from "@/db/queries/organizations";
import { requireRoute } from "@/lib/auth/page";
import { NotAllowed } from "@/components/not-allowed";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { allowed, member } = await requireRoute("/o/[orgSlug]/settings", orgSlug, `/o/${orgSlug}/settings`);
  if (!allowed) return <NotAllowed what="change the organization's settings" />;
  const organization = member.organization;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsForm
        orgSlug={organization.slug}
        values={settingsOf(organization)}
      />
    </div>
  );
}
