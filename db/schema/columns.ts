import { timestamp } from "drizzle-orm/pg-core";

/** Creation and last-change times, shared by the tables that are edited after creation. */
export const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};
