import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import {
  acceptLinkOfAgency,
  deleteAssignment,
  deletePendingLinkOfAgency,
  findActiveLinkToClient,
  findMembership,
  insertAgencyLink,
  insertAssignment,
} from "@/db/queries/agencies";
import { recordAudit } from "@/db/queries/audit";
import { insertOrganization, slugIsTaken } from "@/db/queries/organizations";
import { extendScope } from "@/db/tenant";
import type { ActionContext, ActionDefinition } from "@/lib/auth/action";
import { slugify } from "@/lib/auth/sign-up-schema";
import { DomainError, forbidden, notFound } from "@/lib/errors";

/**
 * Actions an agency runs on its own page, `/a/{agencySlug}/clients`. Each
 * runs as a member of the agency, in a transaction scoped to the agency. A
 * handler widens the scope to a client only after checking the agency's link
 * to it.
 */

const clientPaths = (agencySlug: string) => [`/a/${agencySlug}`, `/a/${agencySlug}/clients`];

function requireAgency(context: Pick<ActionContext<unknown>, "member" | "log">): void {
  if (context.member.organization.kind !== "agency") {
    context.log.warn({ reason: "not_an_agency" }, "action denied");
    throw forbidden("Only an agency can manage clients. Open your agency's page instead.");
  }
}

const linkInput = z.object({ linkId: z.uuid("The request id is invalid; reload the page.") });

// ---- create a client -----------------------------------------------------

const createClientInput = z.object({
  name: z
    .string()
    .trim()
    .min(2, "Enter the client's company name (at least 2 characters).")
    .max(100, "Use at most 100 characters for the company name."),
});

export interface CreatedClient {
  organizationId: string;
  slug: string;
}

export const createClientAction: ActionDefinition<typeof createClientInput, CreatedClient> = {
  name: "client.create",
  permission: "clients:manage",
  input: createClientInput,
  revalidate: ({ orgSlug }) => clientPaths(orgSlug),
  async handler({ db, user, member, input, log }) {
    requireAgency({ member, log });
    const agency = member.organization;
    // The id is chosen here so the scope can name the new organization before its row exists.
    const clientId = crypto.randomUUID();
    await extendScope(db, [clientId]);

    // Sign-ups take the same lock, so two new organizations never pick the same slug at once.
    await db.execute(sql`select pg_advisory_xact_lock(hashtext('backsolve:sign-up'))`);
    const baseSlug = slugify(input.name);
    let slug = baseSlug;
    for (let suffix = 2; await slugIsTaken(db, slug); suffix += 1) slug = `${baseSlug}-${suffix}`;

    const client = await insertOrganization(db, { id: clientId, slug, name: input.name, timeZone: agency.timeZone, kind: "company" });
    const link = await insertAgencyLink(db, client.id, {
      agencyId: agency.id,
      status: "active",
      createdByAgency: true,
      requestedBy: user.id,
      acceptedAt: new Date(),
    });
    await recordAudit(db, {
      organizationId: client.id,
      actorUserId: user.id,
      action: "organization.create",
      entityType: "organization",
      entityId: client.id,
      oldValue: null,
      newValue: { name: client.name, slug, createdByAgencyId: agency.id },
    });
    await recordAudit(db, {
      organizationId: client.id,
      actorUserId: user.id,
      action: "agency_link.create",
      entityType: "agency_link",
      entityId: link.id,
      oldValue: null,
      newValue: { agencyId: agency.id, status: link.status, createdByAgency: true },
    });
    await recordAudit(db, {
      organizationId: agency.id,
      actorUserId: user.id,
      action: "client.create",
      entityType: "organization",
      entityId: client.id,
      oldValue: null,
      newValue: { name: client.name, slug },
    });
    log.info({ clientId: client.id }, "client created");
    return { organizationId: client.id, slug };
  },
};

// ---- accept or decline a company's request ------------------------------------------

export const acceptRequestAction: ActionDefinition<typeof linkInput, { clientOrganizationId: string }> = {
  name: "agency_request.accept",
  permission: "clients:manage",
  input: linkInput,
  revalidate: ({ orgSlug }) => clientPaths(orgSlug),
  async handler({ db, user, member, input, log }) {
    requireAgency({ member, log });
    const link = await acceptLinkOfAgency(db, member.organization.id, input.linkId);
    if (!link) throw new DomainError("not_found", "This request is no longer pending: the company may have withdrawn it. Reload the page.");
    // The link belongs to the client, so its audit event does too.
    await extendScope(db, [link.organizationId]);
    await recordAudit(db, {
      organizationId: link.organizationId,
      actorUserId: user.id,
      action: "agency_link.accept",
      entityType: "agency_link",
      entityId: link.id,
      oldValue: { status: "pending" },
      newValue: { status: "active", agencyId: link.agencyId },
    });
    log.info({ linkId: link.id, clientId: link.organizationId }, "client request accepted");
    return { clientOrganizationId: link.organizationId };
  },
};

export const declineRequestAction: ActionDefinition<typeof linkInput, { declined: true }> = {
  name: "agency_request.decline",
  permission: "clients:manage",
  input: linkInput,
  revalidate: ({ orgSlug }) => clientPaths(orgSlug),
  async handler({ db, user, member, input, log }) {
    requireAgency({ member, log });
    const link = await deletePendingLinkOfAgency(db, member.organization.id, input.linkId);
    if (!link) throw new DomainError("not_found", "This request is no longer pending: the company may have withdrawn it. Reload the page.");
    await extendScope(db, [link.organizationId]);
    await recordAudit(db, {
      organizationId: link.organizationId,
      actorUserId: user.id,
      action: "agency_link.decline",
      entityType: "agency_link",
      entityId: link.id,
      oldValue: { status: "pending", agencyId: link.agencyId },
      newValue: null,
    });
    log.info({ linkId: link.id, clientId: link.organizationId }, "client request declined");
    return { declined: true as const };
  },
};

// ---- assignments ---------------------------------------------------------

const assignInput = z.object({
  membershipId: z.uuid("Choose a member from the list."),
  clientOrganizationId: z.uuid("The client id is invalid; reload the page."),
});

export const assignMemberAction: ActionDefinition<typeof assignInput, { assignmentId: string }> = {
  name: "assignment.create",
  permission: "clients:manage",
  input: assignInput,
  revalidate: ({ orgSlug }) => clientPaths(orgSlug),
  async handler({ db, user, member, input, log }) {
    requireAgency({ member, log });
    const agencyId = member.organization.id;
    const assignee = await findMembership(db, agencyId, input.membershipId);
    if (!assignee) throw new DomainError("invalid", "That person is not a member of this agency. Reload the page.", { membershipId: "Choose a member from the list." });
    if (assignee.role !== "agency_member") {
      throw new DomainError("invalid", "Agency admins already work on every client. Assign an agency member instead.", {
        membershipId: "Choose an agency member, because admins see every client.",
      });
    }
    const link = await findActiveLinkToClient(db, agencyId, input.clientOrganizationId);
    if (!link) throw notFound("The client");

    const assignment = await insertAssignment(db, agencyId, input);
    if (!assignment) {
      throw new DomainError("conflict", "This member already works on this client.", { membershipId: "Already assigned to this client." });
    }
    await recordAudit(db, {
      organizationId: agencyId,
      actorUserId: user.id,
      action: "assignment.create",
      entityType: "agency_assignment",
      entityId: assignment.id,
      oldValue: null,
      newValue: { membershipId: assignment.membershipId, clientOrganizationId: assignment.clientOrganizationId },
    });
    log.info({ assignmentId: assignment.id, clientId: input.clientOrganizationId }, "member assigned");
    return { assignmentId: assignment.id };
  },
};

const unassignInput = z.object({ assignmentId: z.uuid("The assignment id is invalid; reload the page.") });

export const unassignMemberAction: ActionDefinition<typeof unassignInput, { removed: true }> = {
  name: "assignment.delete",
  permission: "clients:manage",
  input: unassignInput,
  revalidate: ({ orgSlug }) => clientPaths(orgSlug),
  async handler({ db, user, member, input, log }) {
    requireAgency({ member, log });
    const removed = await deleteAssignment(db, member.organization.id, input.assignmentId);
    if (!removed) throw new DomainError("not_found", "This assignment was already removed. Reload the page.");
    await recordAudit(db, {
      organizationId: member.organization.id,
      actorUserId: user.id,
      action: "assignment.delete",
      entityType: "agency_assignment",
      entityId: removed.id,
      oldValue: { membershipId: removed.membershipId, clientOrganizationId: removed.clientOrganizationId },
      newValue: null,
    });
    log.info({ assignmentId: removed.id }, "assignment removed");
    return { removed: true as const };
  },
};
