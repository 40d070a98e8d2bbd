import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../connect";
import { auditEvents, kpis, plans, users } from "../schema";

export interface AuditEntry {
  organizationId: string;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  oldValue: unknown;
  newValue: unknown;
}

/** Records a change; callers pass the same transaction as the change itself. */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    ...entry,
    oldValue: entry.oldValue ?? null,
    newValue: entry.newValue ?? null,
  });
}

export type AuditEventRow = typeof auditEvents.$inferSelect & {
  /**
   * The actor's current name. Null both for a deleted user (actorUserId is
   * null too) and for a user the caller's row-level security hides, such as an
   * agency user or a former member.
   */
  actorName: string | null;
};

export interface AuditFilter {
  /** A user id, or null for the events whose actor was deleted. */
  actorUserId?: string | null;
  entityType?: string;
  entityId?: string;
  /** Only events older than this event, in the newest-first order. */
  before?: string;
  /** Only events newer than this event, in the newest-first order. */
  after?: string;
  limit?: number;
}

export const DEFAULT_AUDIT_LIMIT = 200;

function filterConditions(organizationId: string, filter: AuditFilter): SQL[] {
  const conditions: SQL[] = [eq(auditEvents.organizationId, organizationId)];
  if (filter.actorUserId === null) conditions.push(isNull(auditEvents.actorUserId));
  else if (filter.actorUserId !== undefined) conditions.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditEvents.entityId, filter.entityId));
  return conditions;
}

/**
 * Selects a cursor event's (created_at, id) inside the query, so the
 * comparison keeps PostgreSQL's microseconds, which a JavaScript Date would
 * round to milliseconds. The organization predicate makes another
 * organization's event id match nothing.
 */
function cursorPosition(organizationId: string, eventId: string): SQL {
  return sql`(select ${auditEvents.createdAt}, ${auditEvents.id} from ${auditEvents} where ${auditEvents.organizationId} = ${organizationId} and ${auditEvents.id} = ${eventId})`;
}

/**
 * Lists an organization's audit events, newest first (ties by id), with the
 * actor's name. `before` and `after` page by keyset from an event id: `after`
 * reads the newer neighbours and still returns them newest first.
 */
export async function listAuditEvents(db: Executor, organizationId: string, filter: AuditFilter = {}): Promise<AuditEventRow[]> {
  const conditions = filterConditions(organizationId, filter);
  const position = sql`(${auditEvents.createdAt}, ${auditEvents.id})`;
  if (filter.before) conditions.push(sql`${position} < ${cursorPosition(organizationId, filter.before)}`);
  if (filter.after) conditions.push(sql`${position} > ${cursorPosition(organizationId, filter.after)}`);
  const ascending = Boolean(filter.after) && !filter.before;

  const rows = await db
    .select({
      organizationId: auditEvents.organizationId,
      id: auditEvents.id,
      actorUserId: auditEvents.actorUserId,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      oldValue: auditEvents.oldValue,
      newValue: auditEvents.newValue,
      createdAt: auditEvents.createdAt,
      actorName: users.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(...conditions))
    .orderBy(...(ascending ? [asc(auditEvents.createdAt), asc(auditEvents.id)] : [desc(auditEvents.createdAt), desc(auditEvents.id)]))
    .limit(filter.limit ?? DEFAULT_AUDIT_LIMIT);
  return ascending ? rows.reverse() : rows;
}

/** Tells whether an event id belongs to the organization's history, to tell a stale page link from an empty page. */
export async function auditEventExists(db: Executor, organizationId: string, eventId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.organizationId, organizationId), eq(auditEvents.id, eventId)));
  return row !== undefined;
}

export interface AuditPage {
  events: AuditEventRow[];
  /** The cursor for the next older page, or null on the last page. */
  olderCursor: string | null;
  /** The cursor for the next newer page, or null on the first page. */
  newerCursor: string | null;
}

/**
 * Reads one page of the history. One extra row is read to learn whether a
 * page follows in the paging direction; the other direction is known from the
 * cursor: a page reached through `before` has newer events, one reached
 * through `after` has older ones.
 */
export async function listAuditPage(
  db: Executor,
  organizationId: string,
  filter: Omit<AuditFilter, "limit">,
  pageSize: number,
): Promise<AuditPage> {
  const rows = await listAuditEvents(db, organizationId, { ...filter, limit: pageSize + 1 });
  const backwards = Boolean(filter.after) && !filter.before;
  const hasMore = rows.length > pageSize;
  // The extra row is the one farthest from the cursor: the newest (first) one
  // when paging to newer events, the oldest (last) one otherwise.
  const events = backwards && hasMore ? rows.slice(1) : rows.slice(0, pageSize);
  const first = events[0]?.id ?? null;
  const last = events.at(-1)?.id ?? null;
  if (backwards) {
    return { events, newerCursor: hasMore ? first : null, olderCursor: last };
  }
  return { events, olderCursor: hasMore ? last : null, newerCursor: filter.before ? first : null };
}

export interface AuditActor {
  /** Null for the events whose actor was deleted. */
  userId: string | null;
  name: string | null;
  eventCount: number;
}

/** Lists the people who appear in an organization's history, for the person filter. */
export async function listAuditActors(db: Executor, organizationId: string): Promise<AuditActor[]> {
  const rows = await db
    .select({ userId: auditEvents.actorUserId, name: users.name, eventCount: sql<number>`count(*)::int` })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(eq(auditEvents.organizationId, organizationId))
    .groupBy(auditEvents.actorUserId, users.name)
    .orderBy(asc(users.name));
  return rows.map((row) => ({ userId: row.userId, name: row.name, eventCount: Number(row.eventCount) }));
}

/** Lists the entity types that occur in an organization's history, for the type filter. */
export async function listAuditEntityTypes(db: Executor, organizationId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ entityType: auditEvents.entityType })
    .from(auditEvents)
    .where(eq(auditEvents.organizationId, organizationId))
    .orderBy(asc(auditEvents.entityType));
  return rows.map((row) => row.entityType);
}

export interface AuditSubjects {
  kpiNames: Map<string, string>;
  planYears: Map<string, number>;
}

/** Loads the current names of the KPIs and plans that a page of events refers to. */
export async function loadAuditSubjects(
  db: Executor,
  organizationId: string,
  events: readonly Pick<AuditEventRow, "entityType" | "entityId">[],
): Promise<AuditSubjects> {
  const idsOf = (type: string) => [...new Set(events.filter((event) => event.entityType === type && event.entityId).map((event) => event.entityId!))];
  const kpiIds = idsOf("kpi");
  const planIds = idsOf("plan");
  const kpiRows = kpiIds.length
    ? await db.select({ id: kpis.id, name: kpis.name }).from(kpis).where(and(eq(kpis.organizationId, organizationId), inArray(kpis.id, kpiIds)))
    : [];
  const planRows = planIds.length
    ? await db
        .select({ id: plans.id, fiscalYear: plans.fiscalYear })
        .from(plans)
        .where(and(eq(plans.organizationId, organizationId), inArray(plans.id, planIds)))
    : [];
  return {
    kpiNames: new Map(kpiRows.map((row) => [row.id, row.name])),
    planYears: new Map(planRows.map((row) => [row.id, row.fiscalYear])),
  };
}
