import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { NotAllowed } from "@/components/not-allowed";
import { loadPortfolio } from "@/lib/agencies/portfolio";
import { requireRoute } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { PortfolioTable } from "./portfolio-table";

export const metadata: Metadata = { title: "Portfolio" };

export default async function PortfolioPage({ params }: { params: Promise<{ agencySlug: string }> }) {
  const { agencySlug } = await params;
  const { allowed, member } = await requireRoute("/a/[agencySlug]", agencySlug, `/a/${agencySlug}`);
  if (!allowed) return <NotAllowed what="see the agency's portfolio" />;

  const agency = member.organization;
  const rows = await loadPortfolio(await getDb(), { userId: member.user.id, agencyId: agency.id });
  const canManage = can(member, "clients:manage");

  if (rows.length === 0) {
    return (
      <div className="rounded-lg border bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold">{agency.name} has no clients {canManage ? "yet" : "assigned to you yet"}</h1>
        {canManage ? (
          <>
            <p className="mt-2 text-gray-600">
              Create a client company, or ask a company&apos;s admin to invite your agency with its slug{" "}
              <code className="rounded bg-gray-100 px-1">{agency.slug}</code> on their Agencies settings page.
            </p>
            <Link href={`/a/${agency.slug}/clients`} className="mt-4 inline-block rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700">
              Add a client
            </Link>
          </>
        ) : (
          <p className="mt-2 text-gray-600">An agency admin assigns clients to you. Once they do, each client&apos;s progress shows here.</p>
        )}
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{agency.name} · Portfolio</h1>
        <p className="mt-1 text-sm text-gray-600">
          Each client&apos;s plan for its current fiscal year. Week counts are for each client&apos;s last complete week, in its own time zone.
        </p>
      </div>
      <PortfolioTable rows={rows} />
    </div>
  );
}
