import Link from "next/link";
import type { ReactNode } from "react";
import { getDb } from "@/db";
import { listOrganizationsOfUser } from "@/db/queries/organizations";
import { OrganizationSwitcher } from "@/components/organization-switcher";
import { SignOutButton } from "@/components/sign-out-button";
import { requireRoute } from "@/lib/auth/page";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";

/** Renders the frame of an agency's own pages. A company's slug under /a/ is a 404. */
export default async function AgencyLayout({ children, params }: { children: ReactNode; params: Promise<{ agencySlug: string }> }) {
  const { agencySlug } = await params;
  const { member } = await requireRoute("/a/[agencySlug]", agencySlug, `/a/${agencySlug}`);
  const organizations = await listOrganizationsOfUser(await getDb(), member.user.id);
  const base = `/a/${member.organization.slug}`;

  return (
    <div className="min-h-screen">
      <header className="no-print border-b bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-6 py-3">
          <Link href={base} className="font-semibold text-blue-700">
            Backsolve
          </Link>
          <OrganizationSwitcher current={member.organization.slug} organizations={organizations} />
          <nav className="flex gap-4 text-sm">
            <Link href={base} className="hover:text-blue-700">Portfolio</Link>
            <Link href={`${base}/clients`} className="hover:text-blue-700">Clients</Link>
            <Link href={can(member, "members:manage") ? `${base}/members` : `${base}/clients#members`} className="hover:text-blue-700">
              Members
            </Link>
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm text-gray-600">
            <span>
              {member.user.name} · {ROLE_LABELS[member.role]}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
    </div>
  );
}
