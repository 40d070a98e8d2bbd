/**
 * The one role → permission table. Server actions and pages enforce it, and
 * the UI reads the same table to hide controls a member cannot use.
 */

export const COMPANY_ROLES = ["admin", "branch_owner", "contributor", "executive"] as const;
export const AGENCY_ROLES = ["agency_admin", "agency_member"] as const;
export const ROLES = [...COMPANY_ROLES, ...AGENCY_ROLES] as const;
export type CompanyRole = (typeof COMPANY_ROLES)[number];
export type AgencyRole = (typeof AGENCY_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const BRANCHES = ["marketing", "sales", "existing"] as const;
export type Branch = (typeof BRANCHES)[number];

export type Permission =
  | "organization:read"
  | "plan:edit-goal"
  | "plan:edit-branch"
  | "actuals:enter"
  | "settings:edit"
  | "members:manage"
  | "audit:read"
  | "agencies:manage"
  | "portfolio:read"
  | "clients:manage";

/**
 * How far a grant reaches: the whole organization, the member's own branch,
 * or only the KPIs the member owns.
 */
export type Scope = "all" | "own-branch" | "own-kpis";

export const GRANTS: Record<Role, Partial<Record<Permission, Scope>>> = {
  admin: {
    "organization:read": "all",
    "plan:edit-goal": "all",
    "plan:edit-branch": "all",
    "actuals:enter": "all",
    "settings:edit": "all",
    "members:manage": "all",
    "audit:read": "all",
    // Invite an agency by its slug and revoke its access.
    "agencies:manage": "all",
  },
  branch_owner: {
    "organization:read": "all",
    "plan:edit-branch": "own-branch",
    "actuals:enter": "own-branch",
  },
  contributor: {
    "organization:read": "all",
    "actuals:enter": "own-kpis",
  },
  executive: {
    "organization:read": "all",
  },
  // Agency roles apply inside the agency's own organization. In a client, an
  // agency admin or assigned agency member acts with the client's admin role.
  agency_admin: {
    "organization:read": "all",
    "settings:edit": "all",
    "members:manage": "all",
    "audit:read": "all",
    "portfolio:read": "all",
    // Create clients, accept client invitations and assign members to clients.
    "clients:manage": "all",
  },
  agency_member: {
    "organization:read": "all",
    "portfolio:read": "all",
  },
};

export interface MemberGrantee {
  /** Null when the access comes through an agency rather than a membership row. */
  membershipId: string | null;
  role: Role;
  branch: Branch | null;
}

/** The object an action touches, for scoped grants. */
export interface PermissionTarget {
  branch?: Branch;
  ownerMembershipId?: string | null;
}

/**
 * Returns whether a member has a permission, for a specific target when one is given.
 * Without a target, a scoped grant counts: the caller must check the target
 * once it has loaded it.
 */
export function can(member: MemberGrantee, permission: Permission, target?: PermissionTarget): boolean {
  const scope = GRANTS[member.role][permission];
  if (!scope) return false;
  if (scope === "all" || target === undefined) return true;
  if (scope === "own-branch") return target.branch !== undefined && target.branch === member.branch;
  return target.ownerMembershipId != null && target.ownerMembershipId === member.membershipId;
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  branch_owner: "Branch owner",
  contributor: "Contributor",
  executive: "Executive",
  agency_admin: "Agency admin",
  agency_member: "Agency member",
};
