import { listOpenInvitations } from "@/db/queries/invitations";
import { listActiveAgencyLinks, listAgencyAdmins, listAgencyNames, listMemberRows } from "@/db/queries/members";
import { extendScope } from "@/db/tenant";
import { readAsMember, type PageMember } from "@/lib/auth/page";
import { now } from "@/lib/clock";
import { ADMIN_ROLE, rolesOfKind } from "@/lib/members/roles";
import { InvitationList } from "./invitation-list";
import { InviteForm } from "./invite-form";
import { MembersTable } from "./members-table";

/**
 * Renders the member management of the member's organization. It works for
 * companies and agencies alike. The caller checks the "members:manage" permission.
 */
export async function MembersView({ member }: { member: PageMember }) {
  const organization = member.organization;

  const data = await readAsMember(member, async (tx) => {
    const members = await listMemberRows(tx, organization.id);
    const invitations = await listOpenInvitations(tx, organization.id);
    const links = organization.kind === "company" ? await listActiveAgencyLinks(tx, organization.id) : [];
    const agencyIds = links.map((link) => link.agencyId);
    // The client's own active link rows, read under its scope above, entitle it to see those agencies' admins.
    if (agencyIds.length > 0) await extendScope(tx, agencyIds);
    const agencies = await listAgencyNames(tx, agencyIds);
    const agencyAdmins = await listAgencyAdmins(tx, agencyIds);
    return { members, invitations, links, agencies, agencyAdmins };
  });

  const adminRole = ADMIN_ROLE[organization.kind];
  const directAdmins = data.members.filter((row) => row.role === adminRole);
  const creatingAgencies = new Set(data.links.filter((link) => link.createdByAgency).map((link) => link.agencyId));
  const creatorHasAdmins = data.agencyAdmins.some((admin) => creatingAgencies.has(admin.agencyId));
  const lastAdminMembershipId = directAdmins.length === 1 && !creatorHasAdmins ? (directAdmins[0]?.membershipId ?? null) : null;
  const roles = [...rolesOfKind(organization.kind)];
  const checkedAt = now().epochMilliseconds;

  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-2xl font-semibold">Members</h1>
        <p className="mt-1 text-sm text-gray-600">
          Who can open {organization.name}, and with which role. Admins invite people, change roles and remove members.
        </p>
      </div>

      <section aria-labelledby="members-heading" className="space-y-3">
        <h2 id="members-heading" className="text-lg font-semibold">
          People ({data.members.length})
        </h2>
        <MembersTable
          orgSlug={organization.slug}
          roles={roles}
          rows={data.members}
          currentUserId={member.user.id}
          lastAdminMembershipId={lastAdminMembershipId}
        />
      </section>

      {data.agencies.length > 0 ? (
        <section aria-labelledby="agencies-heading" className="space-y-3">
          <h2 id="agencies-heading" className="text-lg font-semibold">
            Through an agency
          </h2>
          <p className="text-sm text-gray-600">
            These people act as admins of {organization.name} through their agency. Their access ends when the agency&apos;s
            access is revoked.
          </p>
          {data.agencies.map((agency) => {
            const admins = data.agencyAdmins.filter((admin) => admin.agencyId === agency.id);
            return (
              <div key={agency.id} className="rounded-lg border bg-white p-4 shadow-sm">
                <p className="font-medium">
                  {agency.name}
                  <span className="ml-2 text-sm font-normal text-gray-500">
                    {creatingAgencies.has(agency.id) ? "created this organization; its admins count as admins here" : "has access"}
                  </span>
                </p>
                {admins.length === 0 ? (
                  <p className="mt-2 text-sm text-gray-600">The agency has no admins.</p>
                ) : (
                  <ul className="mt-2 divide-y text-sm">
                    {admins.map((admin) => (
                      <li key={admin.userId} className="flex flex-wrap gap-x-4 py-2">
                        <span className="font-medium">{admin.name}</span>
                        <span className="text-gray-600">{admin.email}</span>
                        <span className="text-gray-500">Admin, through the agency</span>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            );
          })}
        </section>
      ) : null}

      <section aria-labelledby="invite-heading" className="space-y-3">
        <h2 id="invite-heading" className="text-lg font-semibold">
          Invite someone
        </h2>
        <InviteForm orgSlug={organization.slug} roles={roles} timeZone={organization.timeZone} />
      </section>

      <section aria-labelledby="invitations-heading" className="space-y-3">
        <h2 id="invitations-heading" className="text-lg font-semibold">
          Open invitations ({data.invitations.length})
        </h2>
        <InvitationList
          orgSlug={organization.slug}
          checkedAt={checkedAt}
          timeZone={organization.timeZone}
          invitations={data.invitations.map((invitation) => ({
            ...invitation,
            expiresAt: invitation.expiresAt.toISOString(),
            createdAt: invitation.createdAt.toISOString(),
          }))}
        />
      </section>
    </div>
  );
}
