import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const organizationKind = pgEnum("organization_kind", ["company", "agency"]);
export const weekday = pgEnum("weekday", [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
]);
export const fiscalYearNaming = pgEnum("fiscal_year_naming", ["start", "end"]);
export const monthPattern = pgEnum("month_pattern", ["4-4-5", "4-5-4", "5-4-4"]);
export const memberRole = pgEnum("member_role", ["admin", "branch_owner", "contributor", "executive"]);
export const branch = pgEnum("branch", ["marketing", "sales", "existing"]);

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    ...timestamps,
  },
  (table) => [
    // Sign-in looks people up by lower-cased address.
    uniqueIndex("users_email_lower_idx").on(sql`lower(${table.email})`),
  ],
);

export const organizations = pgTable(
  "organizations",
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    name: text().notNull(),
    kind: organizationKind().notNull().default("company"),
    fiscalYearStartMonth: integer().notNull().default(1),
    weekStartsOn: weekday().notNull().default("monday"),
    fiscalYearNaming: fiscalYearNaming().notNull().default("end"),
    monthPattern: monthPattern().notNull().default("4-4-5"),
    currency: text().notNull().default("USD"),
    timeZone: text().notNull().default("America/New_York"),
    meetingWeekday: weekday().notNull().default("monday"),
    meetingTime: text().notNull().default("13:00"),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("organizations_slug_idx").on(table.slug),
    check("organizations_fiscal_month_check", sql`${table.fiscalYearStartMonth} between 1 and 12`),
    check("organizations_currency_check", sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check("organizations_meeting_time_check", sql`${table.meetingTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
  ],
);

export const memberships = pgTable(
  "memberships",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole().notNull(),
    // Set for branch owners only: the branch whose plan and KPIs they own.
    branch: branch(),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.id] }),
    uniqueIndex("memberships_organization_user_idx").on(table.organizationId, table.userId),
    // The organization switcher lists a user's memberships across tenants.
    index("memberships_user_idx").on(table.userId),
    check(
      "memberships_branch_check",
      sql`(${table.role} = 'branch_owner') = (${table.branch} is not null)`,
    ),
  ],
);
