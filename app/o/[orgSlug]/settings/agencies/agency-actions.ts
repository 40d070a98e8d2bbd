import { z } from "zod";
import { findAgencyBySlug } from "@/db/queries/access";
import { findAgencyLink, findAgencyLinkById, insertAgencyLink, reopenAgencyLink, revokeAgencyLink, type AgencyLinkRow } from "@/db/queries/agencies";
import { recordAudit } from "@/db/queries/audit";
import type { ActionContext, ActionDefinition } from "@/lib/auth/action";
import { DomainError, forbidden } from "@/lib/errors";

/**
 * Actions a company admin runs on `/o/{orgSlug}/settings/agencies`: invite an
 * agency by its slug and revoke its access. The link rows belong to the
 * company, so the transaction's own scope covers every write.
 */

const agencyPaths = (orgSlug: string) => [`/o/${orgSlug}/settings/agencies`];

/**
 * Only the company's own admins decide which agencies may act for it: an
 * agency working in the company acts as admin, but must not grant itself or
 * another agency access.
 */
function requireOwnCompanyAdmin({ member, log }: Pick<ActionContext<unknown>, "member" | "log">): void {
  if (member.organization.kind !== "company") {
    log.warn({ reason: "not_a_company" }, "action denied");
    throw forbidden("Only a company can give an agency access. An agency manages its clients on its own page.");
  }
  if (member.viaAgencyId !== null) {
    log.warn({ reason: "agency_access" }, "action denied");
    throw forbidden("Only the company's own admins can change which agencies have access.");
  }
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const inviteInput = z.object({
  agencySlug: z
    .string()
    .trim()
    .toLowerCase()
    // People often paste the agency's address, whose last path segment is the slug.
    .transform((text) => text.replace(/\/+$/, "").split("/").at(-1) ?? "")
    .pipe(
      z
        .string()
        .min(1, "Enter the agency's slug, such as northwind-marketing.")
        .max(60, "A slug has at most 60 characters; check what the agency sent you.")
        .regex(SLUG, "A slug contains only lower-case letters, digits and single hyphens, such as northwind-marketing."),
    ),
});

export const inviteAgencyAction: ActionDefinition<typeof inviteInput, { linkId: string; agencyName: string }> = {
  name: "agency_link.invite",
  permission: "agencies:manage",
  input: inviteInput,
  revalidate: ({ orgSlug }) => agencyPaths(orgSlug),
  async handler({ db, user, member, input, log }) {
    requireOwnCompanyAdmin({ member, log });
    const company = member.organization;
    // A company's slug gets the same message as an unknown one, so the form reveals nothing about other companies.
    const agency = await findAgencyBySlug(db, input.agencySlug);
    if (!agency) {
      const message = `No agency uses the slug "${input.agencySlug}". Ask the agency for the slug in its Backsolve address (/a/…).`;
      throw new DomainError("invalid", message, { agencySlug: message });
    }

    const existing = await findAgencyLink(db, company.id, agency.id);
    let link: AgencyLinkRow | null;
    if (existing?.status === "pending") {
      throw new DomainError("conflict", `${agency.name} has not responded to your earlier request yet.`, { agencySlug: "Already requested. Waiting for the agency to accept." });
    } else if (existing?.status === "active") {
      throw new DomainError("conflict", `${agency.name} already has access.`, { agencySlug: "This agency already has access." });
    } else if (existing) {
      link = await reopenAgencyLink(db, company.id, existing.id, user.id);
    } else {
      link = await insertAgencyLink(db, company.id, { agencyId: agency.id, status: "pending", createdByAgency: false, requestedBy: user.id });
    }
    if (!link) throw new DomainError("conflict", "The agency's access changed meanwhile. Reload the page and try again.");

    await recordAudit(db, {
      organizationId: company.id,
      actorUserId: user.id,
      action: "agency_link.create",
      entityType: "agency_link",
      entityId: link.id,
      oldValue: existing ? { status: existing.status } : null,
      newValue: { agencyId: agency.id, agencySlug: agency.slug, status: "pending" },
    });
    log.info({ linkId: link.id, agencyId: agency.id }, "agency invited");
    return { linkId: link.id, agencyName: agency.name };
  },
};

const revokeInput = z.object({ linkId: z.uuid("The agency link id is invalid; reload the page.") });

export const revokeAgencyAction: ActionDefinition<typeof revokeInput, { revoked: true }> = {
  name: "agency_link.revoke",
  permission: "agencies:manage",
  input: revokeInput,
  revalidate: ({ orgSlug }) => agencyPaths(orgSlug),
  async handler({ db, user, member, input, log }) {
    requireOwnCompanyAdmin({ member, log });
    const before = await findAgencyLinkById(db, member.organization.id, input.linkId);
    const link = before ? await revokeAgencyLink(db, member.organization.id, before.id) : null;
    if (!before || !link) throw new DomainError("not_found", "This agency has no access to revoke. Reload the page.");
    await recordAudit(db, {
      organizationId: member.organization.id,
      actorUserId: user.id,
      action: "agency_link.revoke",
      entityType: "agency_link",
      entityId: link.id,
      oldValue: { agencyId: link.agencyId, status: before.status },
      newValue: { status: "revoked" },
    });
    log.info({ linkId: link.id, agencyId: link.agencyId }, "agency access revoked");
    return { revoked: true as const };
  },
};
