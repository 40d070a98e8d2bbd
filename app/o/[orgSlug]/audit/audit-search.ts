import { z } from "zod";
import type { AuditFilter } from "@/db/queries/audit";

/** The history page's URL filters, each checked on its own so a message can name the one that is wrong. */

export const AUDIT_PAGE_SIZE = 50;

/** The `person` value that selects the events whose actor was deleted. */
export const DELETED_PERSON = "deleted";

const uuid = z.uuid({ message: "is not an id" });

const fieldSchemas = {
  person: z.union([z.literal(DELETED_PERSON), uuid], { message: `is neither a person's id nor "${DELETED_PERSON}"` }),
  type: z.string().regex(/^[a-z][a-z_]{0,39}$/, { message: "is not an entity type" }),
  entity: uuid,
  before: uuid,
  after: uuid,
} as const;

const HINTS: Record<keyof typeof fieldSchemas, string> = {
  person: `Choose a person from the list, or use person=${DELETED_PERSON} for deleted users`,
  type: "Choose a type from the list, such as type=kpi",
  entity: "Follow the link of an event to filter by its entity",
  before: "Use the Older link at the bottom of the page",
  after: "Use the Newer link at the bottom of the page",
};

export interface AuditSearch {
  person?: string;
  type?: string;
  entity?: string;
  before?: string;
  after?: string;
}

export type AuditSearchResult = { ok: true; search: AuditSearch } | { ok: false; message: string };

/** Validates the URL's search parameters; unknown parameters are ignored, as links from elsewhere may carry them. */
export function parseAuditSearch(raw: Record<string, string | string[] | undefined>): AuditSearchResult {
  const search: AuditSearch = {};
  for (const key of Object.keys(fieldSchemas) as (keyof typeof fieldSchemas)[]) {
    const value = raw[key];
    if (value === undefined || value === "") continue;
    if (Array.isArray(value)) {
      return { ok: false, message: `${key} is given ${value.length} times (${value.join(", ")}). Keep one value.` };
    }
    const parsed = fieldSchemas[key].safeParse(value);
    if (!parsed.success) {
      const reason = parsed.error.issues[0]?.message ?? "is invalid";
      return { ok: false, message: `${key}="${value}" ${reason}. ${HINTS[key]}.` };
    }
    search[key] = parsed.data;
  }
  if (search.before && search.after) {
    return { ok: false, message: "before and after cannot be used together. Use the Newer or Older link at the bottom of the page." };
  }
  return { ok: true, search };
}

function actorOf(person: string | undefined): string | null | undefined {
  if (person === DELETED_PERSON) return null;
  return person;
}

/** Turns validated URL filters into the query's filter. */
export function auditFilterOf(search: AuditSearch): Omit<AuditFilter, "limit"> {
  return {
    actorUserId: actorOf(search.person),
    entityType: search.type,
    entityId: search.entity,
    before: search.before,
    after: search.after,
  };
}

/** Builds the history URL for a set of filters, leaving out the empty ones. */
export function auditHref(base: string, search: AuditSearch): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}
