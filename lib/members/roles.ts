import { z } from "zod";
import {
  AGENCY_ROLES,
  BRANCHES,
  COMPANY_ROLES,
  ROLE_LABELS,
  ROLES,
  type Branch,
  type Role,
} from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";

export type OrganizationKind = "company" | "agency";

export const BRANCH_LABELS: Record<Branch, string> = {
  marketing: "Marketing",
  sales: "Sales",
  existing: "Existing customers",
};

/** The role that manages members, and counts for the last-admin rule, in each kind of organization. */
export const ADMIN_ROLE: Record<OrganizationKind, Role> = { company: "admin", agency: "agency_admin" };

export function rolesOfKind(kind: OrganizationKind): readonly Role[] {
  return kind === "agency" ? AGENCY_ROLES : COMPANY_ROLES;
}

const listFormat = new Intl.ListFormat("en", { type: "disjunction" });

export const roleSchema = z.enum(ROLES, { message: `Choose a role: ${listFormat.format(ROLES.map((role) => ROLE_LABELS[role]))}.` });

/** A branch, or null when the form sent none: the role decides whether one is needed. */
export const optionalBranchSchema = z.preprocess(
  (value) => (value === "" || value === undefined ? null : value),
  z.enum(BRANCHES, { message: `Choose a branch: ${listFormat.format(BRANCHES.map((branch) => BRANCH_LABELS[branch]))}.` }).nullable(),
);

/**
 * Checks that a role belongs to the organization's kind and that a branch
 * comes with branch owners. Returns the branch to store: other roles keep none.
 */
export function checkRoleAndBranch(kind: OrganizationKind, role: Role, branch: Branch | null): { role: Role; branch: Branch | null } {
  const allowed = rolesOfKind(kind);
  if (!allowed.includes(role)) {
    const labels = listFormat.format(allowed.map((allowedRole) => ROLE_LABELS[allowedRole]));
    const what = kind === "agency" ? "An agency" : "A company";
    throw new DomainError("invalid", `${what} organization has no role "${ROLE_LABELS[role]}", so nothing was saved.`, {
      role: `Choose ${labels}.`,
    });
  }
  if (role !== "branch_owner") return { role, branch: null };
  if (branch === null) {
    throw new DomainError("invalid", "A branch owner needs a branch, so nothing was saved.", {
      branch: "Choose the branch this branch owner plans: Marketing, Sales or Existing customers.",
    });
  }
  return { role, branch };
}

export function describeRole(role: Role, branch: Branch | null): string {
  return branch ? `${ROLE_LABELS[role]} (${BRANCH_LABELS[branch]})` : ROLE_LABELS[role];
}
