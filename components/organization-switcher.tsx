"use client";

import { useRouter } from "next/navigation";

export function OrganizationSwitcher({ current, organizations }: { current: string; organizations: { slug: string; name: string }[] }) {
  const router = useRouter();
  if (organizations.length <= 1) {
    return <span className="text-sm text-gray-700">{organizations[0]?.name}</span>;
  }
  return (
    <label className="text-sm">
      <span className="sr-only">Organization</span>
      <select value={current} onChange={(event) => router.push(`/o/${event.target.value}`)} className="rounded-md border border-gray-300 px-2 py-1">
        {organizations.map((organization) => (
          <option key={organization.slug} value={organization.slug}>
            {organization.name}
          </option>
        ))}
      </select>
    </label>
  );
}
