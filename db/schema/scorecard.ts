import { sql } from "drizzle-orm";
import { check, date, foreignKey, index, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { kpis } from "./plans";
import { users } from "./tenancy";

export const weeklyActuals = pgTable(
  "weekly_actuals",
  {
    organizationId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    kpiId: uuid().notNull(),
    // The first day of the fiscal week, in the organization's time zone.
    weekStart: date({ mode: "string" }).notNull(),
    value: numeric().notNull(),
    note: text(),
    enteredBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.id] }),
    foreignKey({
      columns: [table.organizationId, table.kpiId],
      foreignColumns: [kpis.organizationId, kpis.id],
    }).onDelete("cascade"),
    // One actual per KPI and week: a second entry replaces the first.
    uniqueIndex("weekly_actuals_kpi_week_idx").on(table.organizationId, table.kpiId, table.weekStart),
    index("weekly_actuals_entered_by_idx").on(table.enteredBy),
    check("weekly_actuals_note_length_check", sql`${table.note} is null or length(${table.note}) <= 2000`),
  ],
);
