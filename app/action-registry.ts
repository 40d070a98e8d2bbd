import type { ActionDefinition } from "@/lib/auth/action";
import { savePlanAction } from "./o/[orgSlug]/plan/[year]/save-plan";
import { enterActualAction } from "./o/[orgSlug]/scorecard/enter-actual";
import { updateSettingsAction } from "./o/[orgSlug]/settings/update-settings";

/**
 * Every organization-scoped server action, with the kind of organization
 * whose slug it takes. The authorization matrix test runs each one for every
 * role, and another test fails when an action file calls a definition that
 * is missing here.
 */
export const ACTION_REGISTRY: { definition: ActionDefinition<never, unknown>; organizationKind: "company" | "agency" }[] = [
  { definition: savePlanAction as never, organizationKind: "company" },
  { definition: enterActualAction as never, organizationKind: "company" },
  { definition: updateSettingsAction as never, organizationKind: "company" },
];
