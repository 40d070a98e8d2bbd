/**
 * An error the user can act on: a stable code for tests and logs, and a
 * sentence that is safe to show. Anything else reaching a page or action is
 * logged and shown as a generic failure.
 */
export class DomainError extends Error {
  constructor(
    readonly code: "not_found" | "forbidden" | "unauthenticated" | "invalid" | "conflict",
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what = "The page") =>
  new DomainError("not_found", `${what} was not found, or you do not have access to it.`);

export const forbidden = (message = "Your role does not allow this. Ask an admin of the organization.") =>
  new DomainError("forbidden", message);
