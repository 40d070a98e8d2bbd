"use server";

import { runAction } from "@/lib/auth/run-action";
import { enterActualAction } from "./enter-actual";

export async function enterActual(orgSlug: string, input: unknown) {
  return runAction(enterActualAction, orgSlug, input);
}
