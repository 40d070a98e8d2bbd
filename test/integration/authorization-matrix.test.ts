import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION_REGISTRY } from "@/app/action-registry";
import type { Database, DatabaseHandle } from "@/db/connect";
import { agencyAssignments, agencyClients } from "@/db/schema";
import { executeAction } from "@/lib/auth/action";
import { can, type Role } from "@/lib/auth/permissions";
import { authorizeRoute, ROUTES, type RoutePattern } from "@/lib/auth/routes";
import type { SessionUser } from "@/lib/auth/session-user";
import { openTestDatabase } from "@/test/database";
import { seedOrganization } from "@/test/seed-tenants";

/**
 * Generated from the permission table: every route and every action, for
 * every kind of actor, in the actor's own organization and in a foreign one.
 * Own organization: allowed exactly when the role's grants include the
 * permission. Foreign organization: "not found", the same as a missing one.
 */

interface Actor {
  name: string;
  user: SessionUser;
  /** The actor's role in each organization slug it may open. */
  roles: Record<string, Role>;
}

const COMPANY = "alpha";
const FOREIGN_COMPANY = "beta";
const AGENCY = "agency-one";
const FOREIGN_AGENCY = "agency-two";

let handle: DatabaseHandle;
let db: Database;
const actors: Actor[] = [];

function sessionUser(user: { id: string; email: string; name: string }): SessionUser {
  return { id: user.id, email: user.email, name: user.name };
}

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;

  const company = await seedOrganization(db, COMPANY, [
    { role: "admin" },
    { role: "branch_owner", branch: "marketing" },
    { role: "branch_owner", branch: "sales" },
    { role: "contributor" },
    { role: "executive" },
  ]);
  await seedOrganization(db, FOREIGN_COMPANY, [{ role: "admin" }, { role: "executive" }]);
  const agency = await seedOrganization(db, AGENCY, [{ role: "agency_admin" }, { role: "agency_member" }, { role: "agency_member" }]);
  await seedOrganization(db, FOREIGN_AGENCY, [{ role: "agency_admin" }]);
  const { organizations } = await import("@/db/schema");
  const { eq } = await import("drizzle-orm");
  await db.update(organizations).set({ kind: "agency" }).where(eq(organizations.slug, AGENCY));
  await db.update(organizations).set({ kind: "agency" }).where(eq(organizations.slug, FOREIGN_AGENCY));

  // The agency works for alpha; its first member is assigned to alpha, the second is not.
  await db.insert(agencyClients).values({ organizationId: company.organization.id, agencyId: agency.organization.id, status: "active" });
  await db.insert(agencyAssignments).values({
    organizationId: agency.organization.id,
    membershipId: agency.members[1]!.membershipId,
    clientOrganizationId: company.organization.id,
  });

  const companyRoles: [string, Role][] = [
    ["company admin", "admin"],
    ["marketing branch owner", "branch_owner"],
    ["sales branch owner", "branch_owner"],
    ["contributor", "contributor"],
    ["executive", "executive"],
  ];
  companyRoles.forEach(([name, role], index) => {
    actors.push({ name, user: sessionUser(company.members[index]!.user), roles: { [COMPANY]: role } });
  });
  actors.push({ name: "agency admin", user: sessionUser(agency.members[0]!.user), roles: { [AGENCY]: "agency_admin", [COMPANY]: "admin" } });
  actors.push({ name: "assigned agency member", user: sessionUser(agency.members[1]!.user), roles: { [AGENCY]: "agency_member", [COMPANY]: "admin" } });
  actors.push({ name: "unassigned agency member", user: sessionUser(agency.members[2]!.user), roles: { [AGENCY]: "agency_member" } });
});

afterAll(async () => {
  await handle?.close();
});

function expectedOutcome(actor: Actor, slug: string, kind: "company" | "agency", permission: Parameters<typeof can>[1]) {
  const role = actor.roles[slug];
  const slugKind = slug === AGENCY || slug === FOREIGN_AGENCY ? "agency" : "company";
  if (!role || slugKind !== kind) return "not_found";
  return can({ membershipId: "any", role, branch: null }, permission) ? "allowed" : "not_allowed";
}

describe("route matrix", () => {
  const routes = Object.keys(ROUTES) as RoutePattern[];
  for (const route of routes) {
    const rule = ROUTES[route];
    const slugs = rule.kind === "company" ? [COMPANY, FOREIGN_COMPANY] : [AGENCY, FOREIGN_AGENCY];
    it(`${route} for every actor`, async () => {
      for (const actor of actors) {
        for (const slug of slugs) {
          const decision = await authorizeRoute(db, actor.user, slug, route);
          expect({ actor: actor.name, slug, outcome: decision.outcome }).toEqual({
            actor: actor.name,
            slug,
            outcome: expectedOutcome(actor, slug, rule.kind, rule.permission),
          });
        }
      }
    });
    it(`${route} sends a signed-out visitor to sign in`, async () => {
      expect((await authorizeRoute(db, null, slugs[0]!, route)).outcome).toBe("sign_in");
    });
  }

  it("a company route on an agency slug is not found", async () => {
    const agencyAdmin = actors.find((actor) => actor.name === "agency admin")!;
    expect((await authorizeRoute(db, agencyAdmin.user, AGENCY, "/o/[orgSlug]/scorecard")).outcome).toBe("not_found");
  });
});

describe("action matrix", () => {
  for (const { definition, organizationKinds } of ACTION_REGISTRY) {
    const slugs = organizationKinds.flatMap((kind) => (kind === "company" ? [COMPANY, FOREIGN_COMPANY] : [AGENCY, FOREIGN_AGENCY]));
    it(`${definition.name} for every actor`, async () => {
      for (const actor of actors) {
        for (const slug of slugs) {
          // An empty input passes no schema: an allowed caller gets "invalid",
          // which shows the permission gate was passed without changing data.
          const result = await executeAction(definition, { db, user: actor.user }, slug, {});
          let outcome: string = result.ok ? "allowed" : result.code;
          if (outcome === "invalid") outcome = "allowed";
          if (outcome === "forbidden") outcome = "not_allowed";
          const role = actor.roles[slug];
          const expected = !role ? "not_found" : can({ membershipId: "any", role, branch: null }, definition.permission) ? "allowed" : "not_allowed";
          expect({ actor: actor.name, slug, outcome }).toEqual({ actor: actor.name, slug, outcome: expected });
        }
      }
    });
    it(`${definition.name} rejects a signed-out call`, async () => {
      const result = await executeAction(definition, { db, user: null }, slugs[0]!, {});
      expect(result.ok ? "ok" : result.code).toBe("unauthenticated");
    });
  }
});

describe("registry completeness", () => {
  it("lists every definition an action file runs", async () => {
    const registered = new Set<unknown>(ACTION_REGISTRY.map(({ definition }) => definition));
    const appDir = path.join(process.cwd(), "app");
    const files = fs.readdirSync(appDir, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith("actions.ts"));
    let checked = 0;
    for (const file of files) {
      const source = fs.readFileSync(path.join(appDir, file), "utf8");
      for (const [, name] of source.matchAll(/runAction\((\w+)/g)) {
        // Follow the import of that name to its module and compare by identity.
        const importLine = new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from "(\\.[^"]+)"`).exec(source);
        expect({ file, name, imported: Boolean(importLine) }).toEqual({ file, name, imported: true });
        const modulePath = path.join(appDir, path.dirname(file), importLine![1]!);
        const exported = (await import(modulePath)) as Record<string, unknown>;
        expect({ file, name, registered: registered.has(exported[name!]) }).toEqual({ file, name, registered: true });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(ACTION_REGISTRY.length);
  });
});
