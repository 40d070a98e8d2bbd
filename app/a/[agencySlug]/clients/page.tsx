import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { listAssignments, listLinksOfAgency } from "@/db/queries/agencies";
import { listMembers } from "@/db/queries/organizations";
import { NotAllowed } from "@/components/not-allowed";
import { readLinkedOrganizations } from "@/lib/agencies/names";
import { readAsMember, requireRoute } from "@/lib/auth/page";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { AssignForm, CreateClientForm, RemoveAssignmentButton, RequestButtons } from "./client-controls";

export const metadata: Metadata = { title: "Clients" };

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });

export default async function ClientsPage({ params }: { params: Promise<{ agencySlug: string }> }) {
  const { agencySlug } = await params;
  const { allowed, member } = await requireRoute("/a/[agencySlug]/clients", agencySlug, `/a/${agencySlug}/clients`);
  if (!allowed) return <NotAllowed what="see the agency's clients" />;

  const agency = member.organization;
  const canManage = can(member, "clients:manage");
  const { links, assignments, members } = await readAsMember(member, async (tx) => ({
    links: await listLinksOfAgency(tx, agency.id),
    assignments: await listAssignments(tx, agency.id),
    members: await listMembers(tx, agency.id),
  }));

  // Agency members see only the clients assigned to them and no pending requests.
  const ownClientIds = new Set(assignments.filter((row) => row.membershipId === member.membershipId).map((row) => row.clientOrganizationId));
  const visibleLinks = canManage ? links : links.filter((link) => link.status === "active" && ownClientIds.has(link.organizationId));
  const names = await readLinkedOrganizations(await getDb(), member.user.id, visibleLinks.map((link) => link.organizationId));
  const pending = visibleLinks.filter((link) => link.status === "pending");
  const active = visibleLinks
    .filter((link) => link.status === "active")
    .sort((a, b) => (names.get(a.organizationId)?.name ?? "").localeCompare(names.get(b.organizationId)?.name ?? ""));
  const agencyMembers = members.filter((row) => row.role === "agency_member");

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">{agency.name} · Clients</h1>
        <p className="mt-1 text-sm text-gray-600">
          Companies invite your agency with its slug <code className="rounded bg-gray-100 px-1">{agency.slug}</code>. Agency admins work on every
          client; agency members work on the clients assigned to them.
        </p>
      </div>

      {canManage ? (
        <section className="rounded-lg border bg-white p-6 shadow-sm">
          <h2 className="text-lg font-semibold">Add a client</h2>
          <p className="mt-1 text-sm text-gray-600">Creates a new company that your agency manages. You can invite the company&apos;s own people later.</p>
          <div className="mt-4">
            <CreateClientForm agencySlug={agency.slug} />
          </div>
        </section>
      ) : null}

      {canManage ? (
        <section className="rounded-lg border bg-white p-6 shadow-sm">
          <h2 className="text-lg font-semibold">Requests from companies</h2>
          {pending.length === 0 ? (
            <p className="mt-2 text-sm text-gray-600">No company is waiting for an answer.</p>
          ) : (
            <ul className="mt-3 divide-y">
              {pending.map((link) => {
                const companyName = names.get(link.organizationId)?.name ?? "A company";
                return (
                  <li key={link.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                    <div>
                      <div className="font-medium">{companyName}</div>
                      <div className="text-xs text-gray-500">Asked on {dateFormat.format(link.updatedAt)} for admin access to its plan and scorecard.</div>
                    </div>
                    <RequestButtons agencySlug={agency.slug} linkId={link.id} companyName={companyName} />
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      ) : null}

      <section className="rounded-lg border bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold">{canManage ? "Clients" : "Your clients"}</h2>
        {active.length === 0 ? (
          <p className="mt-2 text-sm text-gray-600">
            {canManage ? "No clients yet. Add one above, or accept a company's request." : "No client is assigned to you yet. Ask an agency admin."}
          </p>
        ) : (
          <table className="mt-3 min-w-full text-sm">
            <thead className="text-left text-gray-700">
              <tr>
                <th className="py-2 pr-4 font-medium">Client</th>
                <th className="py-2 pr-4 font-medium">Access since</th>
                <th className="py-2 font-medium">Assigned members</th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {active.map((link) => {
                const client = names.get(link.organizationId);
                const clientName = client?.name ?? "Unnamed client";
                const clientAssignments = assignments.filter((row) => row.clientOrganizationId === link.organizationId);
                const assigned = new Set(clientAssignments.map((row) => row.membershipId));
                return (
                  <tr key={link.id} className="align-top">
                    <td className="py-3 pr-4">
                      {client ? (
                        <Link href={`/o/${client.slug}`} className="font-medium text-blue-700 hover:underline">
                          {clientName}
                        </Link>
                      ) : (
                        clientName
                      )}
                      {link.createdByAgency ? <div className="text-xs text-gray-500">Created by your agency</div> : null}
                    </td>
                    <td className="py-3 pr-4 text-gray-600">{link.acceptedAt ? dateFormat.format(link.acceptedAt) : "—"}</td>
                    <td className="space-y-2 py-3">
                      {clientAssignments.length === 0 ? <p className="text-xs text-gray-500">No member assigned. Agency admins work on every client.</p> : null}
                      <ul className="flex flex-wrap gap-2">
                        {clientAssignments.map((row) => (
                          <li key={row.id} className="rounded-full border bg-gray-50 px-2 py-0.5">
                            {row.memberName}
                            {canManage ? (
                              <RemoveAssignmentButton agencySlug={agency.slug} assignmentId={row.id} memberName={row.memberName} clientName={clientName} />
                            ) : null}
                          </li>
                        ))}
                      </ul>
                      {canManage && agencyMembers.length > 0 ? (
                        <AssignForm
                          agencySlug={agency.slug}
                          clientOrganizationId={link.organizationId}
                          clientName={clientName}
                          options={agencyMembers.filter((row) => !assigned.has(row.membershipId)).map((row) => ({ membershipId: row.membershipId, name: row.name }))}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section id="members" className="rounded-lg border bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold">Members</h2>
        <ul className="mt-3 divide-y text-sm">
          {members.map((row) => (
            <li key={row.membershipId} className="flex flex-wrap justify-between gap-2 py-2">
              <span>
                <span className="font-medium">{row.name}</span> <span className="text-gray-500">{row.email}</span>
              </span>
              <span className="text-gray-600">{ROLE_LABELS[row.role]}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
