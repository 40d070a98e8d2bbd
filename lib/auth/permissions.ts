/**
 * The one role → permission table. Server actions and pages enforce it, and
 * the UI reads the same table to hide controls a member cannot use.
 */

export const ROLES = ["admin", "branch_owner", "contributor", "executive"] as const;
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
  | "audit:read";

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
};

export interface MemberGrantee {
  membershipId: string;
  role: Role;
  branch: Branch | null;
}

/** The object an action touches, for scoped grants. */
export interface PermissionTarget {
  branch?: Branch;
  ownerMembershipId?: string | null;
}

/**
 * Whether a member holds a permission, for a specific target when one is given.
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
};
