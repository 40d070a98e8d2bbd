import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
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
import { timestamps } from "./columns";

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
// Company organizations use the first four roles; agency organizations use the last two.
export const memberRole = pgEnum("member_role", [
  "admin",
  "branch_owner",
  "contributor",
  "executive",
  "agency_admin",
  "agency_member",
]);
export const agencyLinkStatus = pgEnum("agency_link_status", ["pending", "active", "revoked"]);
export const branch = pgEnum("branch", ["marketing", "sales", "existing"]);


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

/**
 * An agency's access to a client company. The row belongs to the client: its
 * admins invite and revoke the agency. A client created by an agency starts
 * active and marks `createdByAgency`.
 */
export const agencyClients = pgTable(
  "agency_clients",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    agencyId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    status: agencyLinkStatus().notNull(),
    createdByAgency: boolean().notNull().default(false),
    requestedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    acceptedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.id] }),
    uniqueIndex("agency_clients_client_agency_idx").on(table.organizationId, table.agencyId),
    // The portfolio and access checks look links up by agency.
    index("agency_clients_agency_idx").on(table.agencyId, table.status),
    index("agency_clients_requested_by_idx").on(table.requestedBy),
    check("agency_clients_not_self_check", sql`${table.organizationId} <> ${table.agencyId}`),
  ],
);

/** Assignment of an agency member to a client. Agency admins see every client without one. */
export const agencyAssignments = pgTable(
  "agency_assignments",
  {
    organizationId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    membershipId: uuid().notNull(),
    clientOrganizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.id] }),
    foreignKey({
      columns: [table.organizationId, table.membershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }).onDelete("cascade"),
    uniqueIndex("agency_assignments_member_client_idx").on(table.organizationId, table.membershipId, table.clientOrganizationId),
    index("agency_assignments_client_idx").on(table.clientOrganizationId),
  ],
);

/** A single-use invitation link; only the SHA-256 hash of its token is stored. */
export const invitations = pgTable(
  "invitations",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    email: text().notNull(),
    role: memberRole().notNull(),
    branch: branch(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    invitedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.id] }),
    uniqueIndex("invitations_token_hash_idx").on(table.tokenHash),
    index("invitations_organization_email_idx").on(table.organizationId, sql`lower(${table.email})`),
    index("invitations_invited_by_idx").on(table.invitedBy),
    index("invitations_accepted_by_idx").on(table.acceptedBy),
    check("invitations_branch_check", sql`(${table.role} = 'branch_owner') = (${table.branch} is not null)`),
  ],
);
