"use server";

import { runAction } from "@/lib/auth/run-action";
import { updateSettingsAction } from "./update-settings";

export async function updateSettings(orgSlug: string, input: unknown) {
  return runAction(updateSettingsAction, orgSlug, input);
}
