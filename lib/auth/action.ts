import { z } from "zod";
import type { Database, Transaction } from "@/db/connect";
import { withTenant } from "@/db/tenant";
import { findMemberBySlug, type Member } from "@/db/queries/organizations";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { logger, type Logger } from "@/lib/logger";
import { can, type Permission } from "./permissions";
import type { SessionUser } from "./session-user";

/**
 * An organization-scoped server action: the permission it needs, the schema
 * of its input and the handler. `executeAction` is the only way to run one,
 * so no handler can forget a step.
 */
export interface ActionDefinition<Schema extends z.ZodType, Result> {
  name: string;
  permission: Permission;
  input: Schema;
  handler: (context: ActionContext<z.output<Schema>>) => Promise<Result>;
  /** Paths whose rendered pages show what the action changed. */
  revalidate?: (context: { orgSlug: string; input: z.output<Schema>; result: Result }) => string[];
}

export interface ActionContext<Input> {
  /** A transaction scoped to the member's organization, under row-level security. */
  db: Transaction;
  user: SessionUser;
  member: Member;
  input: Input;
  log: Logger;
}

/** Database and caller an action runs with: the request's session in Next, an injected one in tests. */
export interface ActionDependencies {
  db: Database;
  user: SessionUser | null;
}

export type ActionResult<Result> =
  | { ok: true; data: Result; revalidate: string[] }
  | { ok: false; code: DomainError["code"] | "error"; message: string; fieldErrors: Record<string, string> };

export const GENERIC_FAILURE = "Something went wrong on our side and nothing was saved. Try again in a moment.";

/** Turns zod issues into messages keyed by dotted field path ("stages.2.lastYear"). */
export function fieldErrorsFrom(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    fieldErrors[key] ??= issue.message;
  }
  return fieldErrors;
}

/**
 * Runs an action: session → organization from the URL → the caller's
 * membership → the declared permission → validated input → handler.
 * A missing organization and a non-member get the same "not found".
 */
export async function executeAction<Schema extends z.ZodType, Result>(
  definition: ActionDefinition<Schema, Result>,
  dependencies: ActionDependencies,
  orgSlug: string,
  rawInput: unknown,
): Promise<ActionResult<Result>> {
  const log = logger.child({ action: definition.name, orgSlug, userId: dependencies.user?.id });
  try {
    const user = dependencies.user;
    if (!user) throw new DomainError("unauthenticated", "Your session has ended. Sign in again.");

    const member = await findMemberBySlug(dependencies.db, user.id, String(orgSlug));
    if (!member) {
      log.warn({ reason: "not_member" }, "action denied");
      throw notFound("The organization");
    }
    const memberLog = log.child({ organizationId: member.organization.id, role: member.role });
    if (!can(member, definition.permission)) {
      memberLog.warn({ reason: "missing_permission", permission: definition.permission }, "action denied");
      throw forbidden();
    }

    const parsed = definition.input.safeParse(rawInput);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsFrom(parsed.error);
      return { ok: false, code: "invalid", message: "Some values are invalid; nothing was saved. See the messages at the fields.", fieldErrors };
    }

    const data = await withTenant(dependencies.db, { userId: user.id, organizationIds: [member.organization.id] }, (tx) =>
      definition.handler({ db: tx, user, member, input: parsed.data, log: memberLog }),
    );
    const revalidate = definition.revalidate?.({ orgSlug: member.organization.slug, input: parsed.data, result: data }) ?? [];
    return { ok: true, data, revalidate };
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.code === "forbidden") log.warn({ reason: error.message }, "action denied");
      return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
    }
    log.error({ err: error }, "action failed");
    return { ok: false, code: "error", message: GENERIC_FAILURE, fieldErrors: {} };
  }
}
