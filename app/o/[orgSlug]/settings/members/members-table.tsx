"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { MemberRow } from "@/db/queries/members";
import type { Role } from "@/lib/auth/permissions";
import { describeRole } from "@/lib/members/roles";
import { changeMemberRole, removeMember } from "./actions";
import { BranchChoice, Notice, RoleChoice } from "./member-fields";

type NoticeValue = { tone: "error" | "success"; text: string } | null;

interface MembersTableProps {
  orgSlug: string;
  roles: Role[];
  rows: MemberRow[];
  currentUserId: string;
  /** The only admin left, whose role and membership must stay, or null when another admin remains. */
  lastAdminMembershipId: string | null;
}

export function MembersTable({ orgSlug, roles, rows, currentUserId, lastAdminMembershipId }: MembersTableProps) {
  const [notice, setNotice] = useState<NoticeValue>(null);
  return (
    <div className="space-y-3">
      <Notice notice={notice} />
      <div className="overflow-x-auto rounded-lg border bg-white shadow-sm">
        <table className="min-w-full text-sm">
          <thead className="bg-gray-50 text-left text-gray-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Name</th>
              <th scope="col" className="px-4 py-2 font-medium">Email</th>
              <th scope="col" className="px-4 py-2 font-medium">Role and branch</th>
              <th scope="col" className="px-4 py-2 font-medium">KPIs owned</th>
              <th scope="col" className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {rows.map((row) => (
              <MemberLine
                key={row.membershipId}
                orgSlug={orgSlug}
                roles={roles}
                row={row}
                isSelf={row.userId === currentUserId}
                isLastAdmin={row.membershipId === lastAdminMembershipId}
                onNotice={setNotice}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

interface MemberLineProps {
  orgSlug: string;
  roles: Role[];
  row: MemberRow;
  isSelf: boolean;
  isLastAdmin: boolean;
  onNotice: (notice: NoticeValue) => void;
}

function kpiPhrase(count: number): string {
  return count === 1 ? "1 KPI" : `${count} KPIs`;
}

function MemberLine({ orgSlug, roles, row, isSelf, isLastAdmin, onNotice }: MemberLineProps) {
  const router = useRouter();
  const [role, setRole] = useState<Role>(row.role);
  const [branch, setBranch] = useState<string>(row.branch ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const changed = role !== row.role || (role === "branch_owner" && branch !== (row.branch ?? ""));

  function save() {
    startTransition(async () => {
      const result = await changeMemberRole(orgSlug, { membershipId: row.membershipId, role, branch: role === "branch_owner" ? branch : "" });
      if (result.ok) {
        setErrors({});
        onNotice({ tone: "success", text: `${row.name} is now ${describeRole(result.data.role, result.data.branch)}.` });
        router.refresh();
      } else {
        setErrors(result.fieldErrors);
        onNotice({ tone: "error", text: result.message });
        // Someone else may have changed the list meanwhile; show what is stored now.
        router.refresh();
      }
    });
  }

  function remove() {
    const owned = row.ownedKpiCount > 0 ? ` The ${kpiPhrase(row.ownedKpiCount)} they own will have no owner until you choose one on the plan page.` : "";
    const question = isSelf ? `Leave this organization? You lose access at once.${owned}` : `Remove ${row.name} from this organization?${owned}`;
    if (!window.confirm(question)) return;
    startTransition(async () => {
      const result = await removeMember(orgSlug, { membershipId: row.membershipId });
      if (!result.ok) {
        setErrors(result.fieldErrors);
        onNotice({ tone: "error", text: result.message });
        return;
      }
      if (result.data.removedSelf) {
        router.push("/");
        return;
      }
      const unowned = result.data.unownedKpis;
      const names = unowned.map((kpi) => kpi.name).join(", ");
      const kpiNote =
        unowned.length > 0
          ? ` ${unowned.length === 1 ? "Their KPI" : "Their KPIs"} ${names} now ${unowned.length === 1 ? "has" : "have"} no owner; choose a new owner on the plan page.`
          : "";
      onNotice({ tone: "success", text: `Removed ${row.name}.${kpiNote}` });
      router.refresh();
    });
  }

  const lastAdminNote = "Last admin: make another member an admin before changing this role or removing them.";
  return (
    <tr className="align-top">
      <td className="px-4 py-3 font-medium">
        {row.name}
        {isSelf ? <span className="ml-1 text-gray-500">(you)</span> : null}
      </td>
      <td className="px-4 py-3 text-gray-700">{row.email}</td>
      <td className="px-4 py-3">
        <div className="flex flex-wrap items-start gap-2">
          <RoleChoice
            id={`role-${row.membershipId}`}
            label={`Role of ${row.name}`}
            hideLabel
            roles={roles}
            value={role}
            onChange={(value) => setRole(value as Role)}
            error={errors.role}
            disabled={pending || isLastAdmin}
          />
          {role === "branch_owner" ? (
            <BranchChoice
              id={`branch-${row.membershipId}`}
              label={`Branch of ${row.name}`}
              hideLabel
              value={branch}
              onChange={setBranch}
              error={errors.branch}
              disabled={pending}
            />
          ) : null}
          {changed ? (
            <button type="button" onClick={save} disabled={pending} className="mt-1 rounded-md bg-blue-600 px-3 py-1.5 text-white hover:bg-blue-700 disabled:opacity-60">
              {pending ? "Saving…" : "Save"}
            </button>
          ) : null}
        </div>
        {isLastAdmin ? <p className="mt-1 text-xs text-gray-500">{lastAdminNote}</p> : null}
      </td>
      <td className="px-4 py-3 tabular-nums">{row.ownedKpiCount}</td>
      <td className="px-4 py-3 text-right">
        <button
          type="button"
          onClick={remove}
          disabled={pending || isLastAdmin}
          title={isLastAdmin ? lastAdminNote : undefined}
          className="rounded-md border border-red-300 px-3 py-1.5 text-red-700 hover:bg-red-50 disabled:opacity-50"
        >
          {isSelf ? "Leave" : "Remove"}
        </button>
        {errors.membershipId ? (
          <span role="alert" className="mt-1 block text-xs text-red-600">
            {errors.membershipId}
          </span>
        ) : null}
      </td>
    </tr>
  );
}
