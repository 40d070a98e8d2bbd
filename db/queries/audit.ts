import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "../connect";
import { auditEvents } from "../schema";

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

export async function listAuditEvents(
  db: Executor,
  organizationId: string,
  filter: { entityType?: string; entityId?: string; limit?: number } = {},
) {
  const conditions = [eq(auditEvents.organizationId, organizationId)];
  if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditEvents.entityId, filter.entityId));
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.createdAt))
    .limit(filter.limit ?? 200);
}
