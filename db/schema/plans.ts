import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { branch, memberships, organizations } from "./tenancy";
import { timestamps } from "./columns";

export const kpiUnit = pgEnum("kpi_unit", ["count", "currency", "percent", "ratio"]);
export const kpiAggregation = pgEnum("kpi_aggregation", ["sum", "average", "last"]);
export const kpiDirection = pgEnum("kpi_direction", [
  "at_least",
  "above",
  "at_most",
  "below",
  "equal",
  "between",
  "outside",
]);


// Every amount is numeric without a fixed scale: the engine works on the exact
// decimal that was typed, and the driver returns it as a string.
export const plans = pgTable(
  "plans",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    fiscalYear: integer().notNull(),
    revenueGoal: numeric().notNull(),
    contractedRevenue: numeric().notNull().default("0"),
    expansionRevenue: numeric().notNull().default("0"),
    newRevenueSales: numeric().notNull().default("0"),
    newRevenueMarketing: numeric().notNull().default("0"),
    averageCustomerValue: numeric().notNull(),
    lastYearCustomersSales: integer(),
    lastYearCustomersMarketing: integer(),
    historicalGrowth: numeric(),
    stretchFactor: numeric().notNull().default("2"),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.id] }),
    uniqueIndex("plans_organization_year_idx").on(table.organizationId, table.fiscalYear),
    check("plans_amounts_check", sql`${table.revenueGoal} >= 0 and ${table.contractedRevenue} >= 0 and ${table.expansionRevenue} >= 0 and ${table.newRevenueSales} >= 0 and ${table.newRevenueMarketing} >= 0`),
    check("plans_customer_value_check", sql`${table.averageCustomerValue} > 0`),
  ],
);

export const funnels = pgTable(
  "funnels",
  {
    organizationId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    planId: uuid().notNull(),
    key: text().notNull(),
    branch: branch().notNull(),
    name: text().notNull(),
    customerShare: numeric().notNull().default("1"),
    position: integer().notNull().default(0),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.id] }),
    foreignKey({
      columns: [table.organizationId, table.planId],
      foreignColumns: [plans.organizationId, plans.id],
    }).onDelete("cascade"),
    uniqueIndex("funnels_plan_key_idx").on(table.organizationId, table.planId, table.key),
    check("funnels_share_check", sql`${table.customerShare} > 0 and ${table.customerShare} <= 1`),
  ],
);

export const funnelStages = pgTable(
  "funnel_stages",
  {
    organizationId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    funnelId: uuid().notNull(),
    position: integer().notNull(),
    key: text().notNull(),
    name: text().notNull(),
    lastYear: integer().notNull(),
    // Planned conversion rate to the next stage, as a fraction.
    plannedRate: numeric(),
    historicalGrowth: numeric(),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.id] }),
    foreignKey({
      columns: [table.organizationId, table.funnelId],
      foreignColumns: [funnels.organizationId, funnels.id],
    }).onDelete("cascade"),
    uniqueIndex("funnel_stages_funnel_key_idx").on(table.organizationId, table.funnelId, table.key),
    check("funnel_stages_last_year_check", sql`${table.lastYear} >= 0`),
    check("funnel_stages_rate_check", sql`${table.plannedRate} is null or (${table.plannedRate} > 0 and ${table.plannedRate} <= 1)`),
  ],
);

export const kpis = pgTable(
  "kpis",
  {
    organizationId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    planId: uuid().notNull(),
    key: text().notNull(),
    name: text().notNull(),
    branch: branch().notNull(),
    unit: kpiUnit().notNull().default("count"),
    aggregation: kpiAggregation().notNull().default("sum"),
    direction: kpiDirection().notNull().default("at_least"),
    // The member accountable for entering the weekly actual.
    ownerMembershipId: uuid(),
    // A target derived from this stage's needed volume, or null for a typed target.
    funnelStageId: uuid(),
    annualTarget: numeric(),
    q1Weight: numeric().notNull(),
    q2Weight: numeric().notNull(),
    q3Weight: numeric().notNull(),
    q4Weight: numeric().notNull(),
    tolerance: numeric(),
    blankIsZero: boolean().notNull().default(false),
    trendWeeks: integer().notNull().default(3),
    play: text(),
    focusArea: text(),
    position: integer().notNull().default(0),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.id] }),
    foreignKey({
      columns: [table.organizationId, table.planId],
      foreignColumns: [plans.organizationId, plans.id],
    }).onDelete("cascade"),
    // NOTE: no action on delete: removing a member or a stage that a KPI depends on
    // must first reassign the KPI, so the database rejects the dangling reference.
    foreignKey({
      columns: [table.organizationId, table.ownerMembershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }),
    foreignKey({
      columns: [table.organizationId, table.funnelStageId],
      foreignColumns: [funnelStages.organizationId, funnelStages.id],
    }),
    uniqueIndex("kpis_plan_key_idx").on(table.organizationId, table.planId, table.key),
    index("kpis_owner_idx").on(table.organizationId, table.ownerMembershipId),
    index("kpis_stage_idx").on(table.organizationId, table.funnelStageId),
    check("kpis_target_check", sql`(${table.funnelStageId} is null) <> (${table.annualTarget} is null)`),
    check("kpis_weights_check", sql`${table.q1Weight} >= 0 and ${table.q2Weight} >= 0 and ${table.q3Weight} >= 0 and ${table.q4Weight} >= 0 and ${table.q1Weight} + ${table.q2Weight} + ${table.q3Weight} + ${table.q4Weight} = 1`),
    check("kpis_trend_weeks_check", sql`${table.trendWeeks} between 1 and 52`),
  ],
);

/**
 * The targets a KPI had from a given week on. A plan change adds a version
 * from the current week, so weeks that are over keep the targets they were
 * judged against. Stage-derived targets are stored as the number they
 * resolved to at the time.
 */
export const kpiTargetVersions = pgTable(
  "kpi_target_versions",
  {
    organizationId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    kpiId: uuid().notNull(),
    // The first day of the fiscal week the version applies from.
    effectiveFrom: date({ mode: "string" }).notNull(),
    annualTarget: numeric().notNull(),
    q1Weight: numeric().notNull(),
    q2Weight: numeric().notNull(),
    q3Weight: numeric().notNull(),
    q4Weight: numeric().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.id] }),
    foreignKey({
      columns: [table.organizationId, table.kpiId],
      foreignColumns: [kpis.organizationId, kpis.id],
    }).onDelete("cascade"),
    uniqueIndex("kpi_target_versions_kpi_week_idx").on(table.organizationId, table.kpiId, table.effectiveFrom),
    check("kpi_target_versions_weights_check", sql`${table.q1Weight} + ${table.q2Weight} + ${table.q3Weight} + ${table.q4Weight} = 1`),
  ],
);
