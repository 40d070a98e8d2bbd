import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { getDb } from "@/db";
import { executeAction, type ActionDefinition, type ActionResult } from "./action";
import { getSessionUser } from "./session";

/** Runs an action definition for the current request and revalidates what it changed. */
export async function runAction<Schema extends z.ZodType, Result>(
  definition: ActionDefinition<Schema, Result>,
  orgSlug: string,
  rawInput: unknown,
): Promise<ActionResult<Result>> {
  const [db, user] = await Promise.all([getDb(), getSessionUser()]);
  const result = await executeAction(definition, { db, user }, orgSlug, rawInput);
  if (result.ok) {
    for (const path of result.revalidate) revalidatePath(path);
  }
  return result;
}
