import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "./tenancy";

export const auditEvents = pgTable(
  "audit_events",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    actorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    // A verb on an entity, e.g. "actual.update" or "plan.create".
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: uuid(),
    oldValue: jsonb(),
    newValue: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.id] }),
    // The history page lists an organization's newest events first, per entity.
    index("audit_events_organization_created_idx").on(table.organizationId, table.createdAt),
    index("audit_events_entity_idx").on(table.organizationId, table.entityType, table.entityId),
    index("audit_events_actor_idx").on(table.actorUserId),
  ],
);
