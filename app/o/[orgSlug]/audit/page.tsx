import type { Metadata } from "next";
import Link from "next/link";
import { auditEventExists, listAuditActors, listAuditEntityTypes, listAuditPage, loadAuditSubjects } from "@/db/queries/audit";
import { listMembers } from "@/db/queries/organizations";
import { InvalidParameter } from "@/components/invalid-parameter";
import { NotAllowed } from "@/components/not-allowed";
import { readAsMember, requireRoute } from "@/lib/auth/page";
import { AUDIT_PAGE_SIZE, DELETED_PERSON, auditFilterOf, auditHref, parseAuditSearch, type AuditSearch } from "./audit-search";
import { actorLabel, describeEvent } from "./describe-event";

export const metadata: Metadata = { title: "History" };

const ENTITY_LABELS: Record<string, string> = {
  kpi: "KPI",
  plan: "Plan",
  organization: "Organization",
  membership: "Membership",
  invitation: "Invitation",
  agency_link: "Agency access",
  agency_assignment: "Client assignment",
};

function entityLabel(type: string): string {
  return ENTITY_LABELS[type] ?? type.replace(/_/g, " ");
}

/** Returns the entity type as a noun inside a sentence: "organization", but "KPI". */
function entityNoun(type: string): string {
  const label = entityLabel(type);
  return label === "KPI" ? label : label.toLowerCase();
}

function formatWhen(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(instant);
}

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const { allowed, member } = await requireRoute("/o/[orgSlug]/audit", orgSlug, `/o/${orgSlug}/audit`);
  if (!allowed) return <NotAllowed what="read the organization's history" />;
  const parsed = parseAuditSearch(await searchParams);
  if (!parsed.ok) return <InvalidParameter message={parsed.message} />;
  const search = parsed.search;
  const organization = member.organization;

  const cursor = search.before ?? search.after;
  const { cursorFound, page, actors, entityTypes, members, subjects } = await readAsMember(member, async (tx) => {
    const auditPage = await listAuditPage(tx, organization.id, auditFilterOf(search), AUDIT_PAGE_SIZE);
    return {
      cursorFound: cursor === undefined || auditPage.events.length > 0 || (await auditEventExists(tx, organization.id, cursor)),
      page: auditPage,
      actors: await listAuditActors(tx, organization.id),
      entityTypes: await listAuditEntityTypes(tx, organization.id),
      members: await listMembers(tx, organization.id),
      subjects: await loadAuditSubjects(tx, organization.id, auditPage.events),
    };
  });

  const base = `/o/${organization.slug}/audit`;
  if (!cursorFound) {
    const name = search.before ? "before" : "after";
    return <InvalidParameter message={`${name}="${cursor}" is not an event of this organization's history. Start again from the newest events at ${base}.`} />;
  }
  const filters: AuditSearch = { person: search.person, type: search.type, entity: search.entity };
  const context = {
    currency: organization.currency,
    kpiNames: subjects.kpiNames,
    planYears: subjects.planYears,
    memberNames: new Map(members.map((row) => [row.membershipId, row.name])),
  };
  const filtered = Boolean(search.person || search.type || search.entity);

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">History</h1>
        <p className="mt-1 text-sm text-gray-600">
          Every change to the plan, the actuals and the settings, newest first. Times are in {organization.timeZone}.
        </p>
      </header>

      <form method="get" action={base} className="no-print flex flex-wrap items-end gap-4 rounded-lg border bg-white p-4 text-sm shadow-sm">
        <label className="flex flex-col gap-1">
          <span className="font-medium text-gray-700">Person</span>
          <select name="person" defaultValue={search.person ?? ""} className="rounded-md border border-gray-300 px-3 py-2">
            <option value="">Everyone</option>
            {actors.map((actor) => (
              <option key={actor.userId ?? DELETED_PERSON} value={actor.userId ?? DELETED_PERSON}>
                {actorLabel(actor.userId, actor.name)} ({actor.eventCount})
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium text-gray-700">Type</span>
          <select name="type" defaultValue={search.type ?? ""} className="rounded-md border border-gray-300 px-3 py-2">
            <option value="">All types</option>
            {entityTypes.map((type) => (
              <option key={type} value={type}>
                {entityLabel(type)}
              </option>
            ))}
          </select>
        </label>
        {search.entity ? <input type="hidden" name="entity" value={search.entity} /> : null}
        <button type="submit" className="rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700">
          Filter
        </button>
        {filtered ? (
          <Link href={base} className="py-2 text-blue-600 hover:underline">
            Clear filters
          </Link>
        ) : null}
      </form>

      {search.entity ? (
        <p className="text-sm text-gray-700">
          Showing the history of one {search.type ? entityNoun(search.type) : "entity"} only.{" "}
          <Link href={auditHref(base, { ...filters, entity: undefined })} className="text-blue-600 hover:underline">
            Show all of them
          </Link>
        </p>
      ) : null}

      {page.events.length === 0 ? (
        <div className="rounded-lg border bg-white p-8 text-center text-gray-600 shadow-sm">
          {filtered ? "No events match these filters." : "Nothing has changed yet."}
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border bg-white shadow-sm">
          <table className="min-w-full divide-y text-sm">
            <thead className="bg-gray-50 text-left text-gray-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">When</th>
                <th scope="col" className="px-4 py-2 font-medium">Who</th>
                <th scope="col" className="px-4 py-2 font-medium">What</th>
                <th scope="col" className="px-4 py-2 font-medium">Old → new</th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {page.events.map((event) => {
                const description = describeEvent(event, context);
                return (
                  <tr key={event.id} className="align-top">
                    <td className="whitespace-nowrap px-4 py-2 text-gray-600">
                      <time dateTime={event.createdAt.toISOString()}>{formatWhen(event.createdAt, organization.timeZone)}</time>
                    </td>
                    <td className="whitespace-nowrap px-4 py-2">{actorLabel(event.actorUserId, event.actorName)}</td>
                    <td className="px-4 py-2">
                      <span>{description.sentence}</span>
                      {event.entityId && search.entity !== event.entityId ? (
                        <Link
                          href={auditHref(base, { type: event.entityType, entity: event.entityId })}
                          className="ml-2 whitespace-nowrap text-xs text-blue-600 hover:underline"
                        >
                          History of this {entityNoun(event.entityType)}
                        </Link>
                      ) : null}
                    </td>
                    <td className="px-4 py-2">
                      {description.changes.length === 0 ? (
                        <span className="text-gray-400">—</span>
                      ) : (
                        <ul className="space-y-0.5">
                          {description.changes.map((change) => (
                            <li key={change.field}>
                              <span className="text-gray-600">{change.field}:</span> {change.from} → {change.to}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <nav className="no-print flex justify-between text-sm" aria-label="Pages">
        {page.newerCursor ? (
          <Link href={auditHref(base, { ...filters, after: page.newerCursor })} className="text-blue-600 hover:underline">
            ← Newer
          </Link>
        ) : (
          <span />
        )}
        {search.before || search.after ? (
          <Link href={auditHref(base, filters)} className="text-blue-600 hover:underline">
            Newest
          </Link>
        ) : null}
        {page.olderCursor ? (
          <Link href={auditHref(base, { ...filters, before: page.olderCursor })} className="text-blue-600 hover:underline">
            Older →
          </Link>
        ) : (
          <span />
        )}
      </nav>
    </div>
  );
}
