import Link from "next/link";
import type { ReactNode } from "react";
import { getDb } from "@/db";
import { listOrganizationsOfUser } from "@/db/queries/organizations";
import { requireMember } from "@/lib/auth/page";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { OrganizationSwitcher } from "@/components/organization-switcher";
import { SignOutButton } from "@/components/sign-out-button";

export default async function OrganizationLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ orgSlug: string }>;
}) {
  const { orgSlug } = await params;
  const member = await requireMember(orgSlug, `/o/${orgSlug}`);
  const organizations = await listOrganizationsOfUser(await getDb(), member.user.id);
  const base = `/o/${member.organization.slug}`;

  return (
    <div className="min-h-screen">
      <header className="no-print border-b bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-6 py-3">
          <Link href={base} className="font-semibold text-blue-700">
            Backsolve
          </Link>
          <OrganizationSwitcher current={member.organization.slug} organizations={organizations} />
          <nav className="flex gap-4 text-sm">
            <Link href={base} className="hover:text-blue-700">Dashboard</Link>
            <Link href={`${base}/plan`} className="hover:text-blue-700">Plan</Link>
            <Link href={`${base}/scorecard`} className="hover:text-blue-700">Scorecard</Link>
            {can(member, "settings:edit") ? <Link href={`${base}/settings`} className="hover:text-blue-700">Settings</Link> : null}
            {can(member, "members:manage") ? <Link href={`${base}/settings/members`} className="hover:text-blue-700">Members</Link> : null}
            {can(member, "agencies:manage") ? <Link href={`${base}/settings/agencies`} className="hover:text-blue-700">Agencies</Link> : null}
            {can(member, "audit:read") ? <Link href={`${base}/audit`} className="hover:text-blue-700">History</Link> : null}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm text-gray-600">
            <span>
              {member.user.name} · {ROLE_LABELS[member.role]}
              {member.viaAgencyId ? " (through your agency)" : ""}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
    </div>
  );
}
