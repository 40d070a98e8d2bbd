import type { Metadata } from "next";
import { getDb } from "@/db";
import { listAgencyLinksOfClient } from "@/db/queries/agencies";
import { listAuditEvents } from "@/db/queries/audit";
import { NotAllowed } from "@/components/not-allowed";
import { readLinkedOrganizations } from "@/lib/agencies/names";
import { readAsMember, requireRoute } from "@/lib/auth/page";
import { InviteAgencyForm, RevokeButton } from "./agency-controls";

export const metadata: Metadata = { title: "Agencies" };

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });

const STATUS_LABELS = { pending: "Pending", active: "Active", revoked: "Revoked" } as const;

const STATUS_STYLES = {
  pending: "bg-amber-100 text-amber-900",
  active: "bg-emerald-100 text-emerald-900",
  revoked: "bg-gray-200 text-gray-700",
} as const;

/** Reads the agency that a declined request named from the decline's audit event. */
function declinedAgencyId(oldValue: unknown): string | null {
  if (typeof oldValue !== "object" || oldValue === null || !("agencyId" in oldValue)) return null;
  return typeof oldValue.agencyId === "string" ? oldValue.agencyId : null;
}

export default async function AgenciesPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { allowed, member } = await requireRoute("/o/[orgSlug]/settings/agencies", orgSlug, `/o/${orgSlug}/settings/agencies`);
  if (!allowed) return <NotAllowed what="manage which agencies have access" />;

  const company = member.organization;
  const ownAdmin = member.viaAgencyId === null;
  const { links, events } = await readAsMember(member, async (tx) => ({
    links: await listAgencyLinksOfClient(tx, company.id),
    events: await listAuditEvents(tx, company.id, { entityType: "agency_link", limit: 50 }),
  }));

  // A declined request leaves no link, so the decline is shown from its audit event until the company invites the agency again.
  const linkedAgencies = new Set(links.map((link) => link.agencyId));
  const declines = events
    .filter((event) => event.action === "agency_link.decline")
    .map((event) => ({ id: event.id, at: event.createdAt, agencyId: declinedAgencyId(event.oldValue) }))
    .filter((decline): decline is { id: string; at: Date; agencyId: string } => decline.agencyId !== null && !linkedAgencies.has(decline.agencyId));
  const latestDeclines = [...new Map(declines.map((decline) => [decline.agencyId, decline])).values()];

  const names = await readLinkedOrganizations(await getDb(), member.user.id, [...links.map((link) => link.agencyId), ...latestDeclines.map((decline) => decline.agencyId)]);

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Agencies</h1>
        <p className="mt-1 text-sm text-gray-600">
          An agency with access works in {company.name} as an admin: it edits the plan and enters actuals. You can end its access at any time.
        </p>
      </div>

      <section className="rounded-lg border bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold">Invite an agency</h2>
        {ownAdmin ? (
          <div className="mt-3">
            <InviteAgencyForm orgSlug={company.slug} />
          </div>
        ) : (
          <p className="mt-2 text-sm text-gray-600">You work here through your agency. Only {company.name}&apos;s own admins can change which agencies have access.</p>
        )}
      </section>

      <section className="rounded-lg border bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold">Agencies and requests</h2>
        {links.length === 0 && latestDeclines.length === 0 ? (
          <p className="mt-2 text-sm text-gray-600">No agency has access to {company.name}.</p>
        ) : (
          <ul className="mt-3 divide-y">
            {links.map((link) => {
              const agency = names.get(link.agencyId);
              const agencyName = agency?.name ?? "An agency";
              const detail =
                link.status === "pending"
                  ? `Requested on ${dateFormat.format(link.updatedAt)}. Waiting for the agency to accept.`
                  : link.status === "active"
                    ? `Access since ${dateFormat.format(link.acceptedAt ?? link.createdAt)}${link.createdByAgency ? ". The agency created this organization." : "."}`
                    : `Access revoked on ${dateFormat.format(link.revokedAt ?? link.updatedAt)}. Invite the agency again to restore it.`;
              return (
                <li key={link.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid={`agency-${agency?.slug ?? link.agencyId}`}>
                  <div>
                    <div className="font-medium">
                      {agencyName} {agency ? <span className="text-xs font-normal text-gray-500">{agency.slug}</span> : null}{" "}
                      <span className={`ml-1 rounded px-2 py-0.5 text-xs ${STATUS_STYLES[link.status]}`}>{STATUS_LABELS[link.status]}</span>
                    </div>
                    <div className="text-xs text-gray-500">{detail}</div>
                  </div>
                  {ownAdmin && link.status !== "revoked" ? (
                    <RevokeButton orgSlug={company.slug} linkId={link.id} agencyName={agencyName} status={link.status} />
                  ) : null}
                </li>
              );
            })}
            {latestDeclines.map((decline) => (
              <li key={decline.id} className="py-3">
                <div className="font-medium">
                  {names.get(decline.agencyId)?.name ?? "An agency"} <span className="ml-1 rounded bg-gray-200 px-2 py-0.5 text-xs text-gray-700">Declined</span>
                </div>
                <div className="text-xs text-gray-500">The agency declined your request on {dateFormat.format(decline.at)}. You can invite it again.</div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
