import type { ActionDefinition } from "@/lib/auth/action";
import { acceptRequestAction, assignMemberAction, createClientAction, declineRequestAction, unassignMemberAction } from "./a/[agencySlug]/clients/client-actions";
import { savePlanAction } from "./o/[orgSlug]/plan/[year]/save-plan";
import { enterActualAction } from "./o/[orgSlug]/scorecard/enter-actual";
import { inviteAgencyAction, revokeAgencyAction } from "./o/[orgSlug]/settings/agencies/agency-actions";
import { createInvitationAction, revokeInvitationAction } from "./o/[orgSlug]/settings/members/invitation-actions";
import { changeMemberRoleAction, removeMemberAction } from "./o/[orgSlug]/settings/members/member-actions";
import { updateSettingsAction } from "./o/[orgSlug]/settings/update-settings";

type OrganizationKind = "company" | "agency";

/**
 * Every organization-scoped server action, with the kinds of organization
 * whose slug it takes. The authorization matrix test runs each one for every
 * role, and another test fails when an action file runs a definition that is
 * missing here.
 */
export const ACTION_REGISTRY: { definition: ActionDefinition<never, unknown>; organizationKinds: OrganizationKind[] }[] = [
  { definition: savePlanAction as never, organizationKinds: ["company"] },
  { definition: enterActualAction as never, organizationKinds: ["company"] },
  { definition: updateSettingsAction as never, organizationKinds: ["company"] },
  { definition: changeMemberRoleAction as never, organizationKinds: ["company", "agency"] },
  { definition: removeMemberAction as never, organizationKinds: ["company", "agency"] },
  { definition: createInvitationAction as never, organizationKinds: ["company", "agency"] },
  { definition: revokeInvitationAction as never, organizationKinds: ["company", "agency"] },
  { definition: inviteAgencyAction as never, organizationKinds: ["company"] },
  { definition: revokeAgencyAction as never, organizationKinds: ["company"] },
  { definition: createClientAction as never, organizationKinds: ["agency"] },
  { definition: acceptRequestAction as never, organizationKinds: ["agency"] },
  { definition: declineRequestAction as never, organizationKinds: ["agency"] },
  { definition: assignMemberAction as never, organizationKinds: ["agency"] },
  { definition: unassignMemberAction as never, organizationKinds: ["agency"] },
];
