"use client";

import { useRouter } from "next/navigation";

export interface SwitcherEntry {
  slug: string;
  name: string;
  /** Agencies open their portfolio at `/a/{slug}`; companies open at `/o/{slug}`. */
  kind?: "company" | "agency";
  /** Set when the access comes through an agency: the entry is one of its clients. */
  viaAgencyId?: string | null;
}

function organizationHref(entry: Pick<SwitcherEntry, "slug" | "kind">): string {
  return entry.kind === "agency" ? `/a/${entry.slug}` : `/o/${entry.slug}`;
}

/**
 * Lists the organizations a user may open in three groups: their agencies,
 * their own companies, and the clients they reach through an agency.
 */
export function OrganizationSwitcher({ current, organizations }: { current: string; organizations: SwitcherEntry[] }) {
  const router = useRouter();
  if (organizations.length <= 1) {
    return <span className="text-sm text-gray-700">{organizations[0]?.name}</span>;
  }

  const agencies = organizations.filter((entry) => entry.kind === "agency");
  const companies = organizations.filter((entry) => entry.kind !== "agency" && !entry.viaAgencyId);
  const clients = organizations.filter((entry) => entry.kind !== "agency" && entry.viaAgencyId);
  const groups = [
    { label: "Agencies", entries: agencies },
    { label: "Companies", entries: companies },
    { label: "Agency clients", entries: clients },
  ].filter((group) => group.entries.length > 0);

  function open(slug: string) {
    const entry = organizations.find((candidate) => candidate.slug === slug);
    if (entry) router.push(organizationHref(entry));
  }

  const options = (entries: SwitcherEntry[]) =>
    entries.map((entry) => (
      <option key={entry.slug} value={entry.slug}>
        {entry.name}
      </option>
    ));

  return (
    <label className="text-sm">
      <span className="sr-only">Organization</span>
      <select value={current} onChange={(event) => open(event.target.value)} className="rounded-md border border-gray-300 px-2 py-1">
        {groups.length === 1
          ? options(organizations)
          : groups.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {options(group.entries)}
              </optgroup>
            ))}
      </select>
    </label>
  );
}
