import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../connect";
import { weeklyActuals } from "../schema";

export type ActualRow = typeof weeklyActuals.$inferSelect;

export async function listActuals(db: Executor, organizationId: string, kpiIds: string[]): Promise<ActualRow[]> {
  if (kpiIds.length === 0) return [];
  return db
    .select()
    .from(weeklyActuals)
    .where(and(eq(weeklyActuals.organizationId, organizationId), inArray(weeklyActuals.kpiId, kpiIds)))
    .orderBy(asc(weeklyActuals.weekStart));
}

export async function findActual(
  db: Executor,
  organizationId: string,
  kpiId: string,
  weekStart: string,
): Promise<ActualRow | null> {
  const [row] = await db
    .select()
    .from(weeklyActuals)
    .where(
      and(
        eq(weeklyActuals.organizationId, organizationId),
        eq(weeklyActuals.kpiId, kpiId),
        eq(weeklyActuals.weekStart, weekStart),
      ),
    );
  return row ?? null;
}

/** Enters or replaces the actual of one KPI for one week. */
export async function upsertActual(
  db: Executor,
  organizationId: string,
  values: { kpiId: string; weekStart: string; value: string; note: string | null; enteredBy: string },
): Promise<ActualRow> {
  const [row] = await db
    .insert(weeklyActuals)
    .values({ organizationId, ...values })
    .onConflictDoUpdate({
      target: [weeklyActuals.organizationId, weeklyActuals.kpiId, weeklyActuals.weekStart],
      set: { value: values.value, note: values.note, enteredBy: values.enteredBy, updatedAt: new Date() },
    })
    .returning();
  if (!row) throw new Error("Saving the actual returned no row");
  return row;
}

export async function deleteActual(
  db: Executor,
  organizationId: string,
  kpiId: string,
  weekStart: string,
): Promise<ActualRow | null> {
  const [row] = await db
    .delete(weeklyActuals)
    .where(
      and(
        eq(weeklyActuals.organizationId, organizationId),
        eq(weeklyActuals.kpiId, kpiId),
        eq(weeklyActuals.weekStart, weekStart),
      ),
    )
    .returning();
  return row ?? null;
}
