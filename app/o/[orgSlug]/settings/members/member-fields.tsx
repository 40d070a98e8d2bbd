import { BRANCHES, ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { BRANCH_LABELS } from "@/lib/members/roles";

interface ChoiceProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  disabled?: boolean;
  /** Hides the label visually where a table header already names the column. */
  hideLabel?: boolean;
}

const selectClass = (error?: string) =>
  `mt-1 block w-full rounded-md border px-2 py-1.5 disabled:bg-gray-100 ${error ? "border-red-500" : "border-gray-300"}`;

function Choice({ id, label, value, onChange, error, disabled, hideLabel, options }: ChoiceProps & { options: [string, string][] }) {
  const noteId = `${id}-error`;
  return (
    <div className="text-sm">
      <label htmlFor={id} className={hideLabel ? "sr-only" : "font-medium text-gray-700"}>
        {label}
      </label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? noteId : undefined}
        onChange={(event) => onChange(event.target.value)}
        className={selectClass(error)}
      >
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
      {error ? (
        <span id={noteId} role="alert" className="mt-1 block text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function RoleChoice({ roles, ...props }: ChoiceProps & { roles: readonly Role[] }) {
  return <Choice {...props} options={roles.map((role) => [role, ROLE_LABELS[role]])} />;
}

export function BranchChoice(props: ChoiceProps) {
  return <Choice {...props} options={[["", "Choose a branch"], ...BRANCHES.map((branch): [string, string] => [branch, BRANCH_LABELS[branch]])]} />;
}

export function Notice({ notice }: { notice: { tone: "error" | "success"; text: string } | null }) {
  if (!notice) return null;
  return (
    <p
      role={notice.tone === "error" ? "alert" : "status"}
      className={`rounded-md px-3 py-2 text-sm ${notice.tone === "error" ? "bg-red-50 text-red-700" : "bg-emerald-50 text-emerald-800"}`}
    >
      {notice.text}
    </p>
  );
}

export function formatInstant(iso: string, timeZone: string): string {
  // Intl rejects dateStyle and timeStyle together with timeZoneName, so the parts are listed one by one.
  const format = new Intl.DateTimeFormat("en-US", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  });
  return format.format(new Date(iso));
}
