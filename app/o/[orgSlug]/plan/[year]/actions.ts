"use server";

import { runAction } from "@/lib/auth/run-action";
import { savePlanAction } from "./save-plan";

export async function savePlan(orgSlug: string, input: unknown) {
  return runAction(savePlanAction, orgSlug, input);
}
