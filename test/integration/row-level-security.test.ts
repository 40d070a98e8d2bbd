import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "@/db/connect";
import { recordAudit } from "@/db/queries/audit";
import { upsertActual } from "@/db/queries/actuals";
import { upsertFunnel, upsertKpi, upsertPlan, upsertStages } from "@/db/queries/plans";
import { APP_ROLE, withTenant } from "@/db/tenant";
import { openTestDatabase } from "@/test/database";
import { seedOrganization } from "@/test/seed-tenants";

// Every tenant table, with the column that names its organization.
const TENANT_TABLES: [table: string, column: string][] = [
  ["organizations", "id"],
  ["memberships", "organization_id"],
  ["plans", "organization_id"],
  ["funnels", "organization_id"],
  ["funnel_stages", "organization_id"],
  ["kpis", "organization_id"],
  ["kpi_target_versions", "organization_id"],
  ["weekly_actuals", "organization_id"],
  ["audit_events", "organization_id"],
  ["invitations", "organization_id"],
  ["agency_clients", "organization_id"],
  ["agency_assignments", "organization_id"],
];

let handle: DatabaseHandle;
let db: Database;
const ids: Record<"alpha" | "beta", { organizationId: string; userId: string }> = {} as never;

function rowsOf(result: unknown): Record<string, unknown>[] {
  return Array.isArray(result) ? result : ((result as { rows: Record<string, unknown>[] }).rows ?? []);
}

async function seedTenant(slug: "alpha" | "beta") {
  const { organization, members } = await seedOrganization(db, slug);
  const admin = members[0]!;
  const plan = await upsertPlan(db, organization.id, 2027, {
    revenueGoal: "100",
    contractedRevenue: "0",
    expansionRevenue: "0",
    newRevenueSales: "0",
    newRevenueMarketing: "100",
    averageCustomerValue: "10",
    lastYearCustomersSales: null,
    lastYearCustomersMarketing: null,
    historicalGrowth: null,
    stretchFactor: "2",
  });
  const funnel = await upsertFunnel(db, organization.id, plan.id, { key: "main", branch: "marketing", name: "Main", customerShare: "1", position: 0 });
  const [top] = await upsertStages(db, organization.id, funnel.id, [
    { key: "leads", name: "Leads", position: 0, lastYear: 100, plannedRate: null, historicalGrowth: null },
    { key: "customers", name: "Customers", position: 1, lastYear: 10, plannedRate: null, historicalGrowth: null },
  ]);
  const kpi = await upsertKpi(db, organization.id, plan.id, {
    key: "leads",
    name: "Leads",
    branch: "marketing",
    unit: "count",
    aggregation: "sum",
    direction: "at_least",
    ownerMembershipId: admin.membershipId,
    funnelStageId: top!.id,
    annualTarget: null,
    q1Weight: "0.25",
    q2Weight: "0.25",
    q3Weight: "0.25",
    q4Weight: "0.25",
    tolerance: null,
    blankIsZero: false,
    trendWeeks: 3,
    play: null,
    focusArea: null,
    position: 0,
  });
  await upsertActual(db, organization.id, { kpiId: kpi.id, weekStart: "2027-01-04", value: "5", note: null, enteredBy: admin.user.id });
  await recordAudit(db, { organizationId: organization.id, actorUserId: admin.user.id, action: "test", entityType: "kpi", entityId: kpi.id, oldValue: null, newValue: null });
  ids[slug] = { organizationId: organization.id, userId: admin.user.id };
}

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  await seedTenant("alpha");
  await seedTenant("beta");
});

afterAll(async () => {
  await handle?.close();
});

describe("row-level security as the application role", () => {
  it.each(TENANT_TABLES)("unfiltered select on %s returns alpha's rows only", async (table, column) => {
    const rows = await withTenant(db, { userId: ids.alpha.userId, organizationIds: [ids.alpha.organizationId] }, async (tx) =>
      rowsOf(await tx.execute(sql.raw(`select ${column} as organization from ${table}`))),
    );
    const organizations = new Set(rows.map((row) => String(row.organization)));
    expect(organizations.has(ids.beta.organizationId)).toBe(false);
    // Both organizations have rows in every table but the agency and version ones.
    if (!["invitations", "agency_clients", "agency_assignments", "kpi_target_versions"].includes(table)) {
      expect(organizations.has(ids.alpha.organizationId)).toBe(true);
    }
  });

  it("users shows only alpha's members and the caller", async () => {
    const rows = await withTenant(db, { userId: ids.alpha.userId, organizationIds: [ids.alpha.organizationId] }, async (tx) =>
      rowsOf(await tx.execute(sql`select id from users`)),
    );
    const userIds = rows.map((row) => String(row.id));
    expect(userIds).toContain(ids.alpha.userId);
    expect(userIds).not.toContain(ids.beta.userId);
  });

  it("no scope shows no tenant rows", async () => {
    const rows = await withTenant(db, { userId: null, organizationIds: [] }, async (tx) =>
      rowsOf(await tx.execute(sql`select id from kpis`)),
    );
    expect(rows).toHaveLength(0);
  });

  it("unfiltered update changes alpha's rows only", async () => {
    await withTenant(db, { userId: ids.alpha.userId, organizationIds: [ids.alpha.organizationId] }, (tx) =>
      tx.execute(sql`update kpis set name = 'renamed'`),
    );
    const rows = rowsOf(await db.execute(sql`select organization_id, name from kpis order by name`));
    const beta = rows.find((row) => row.organization_id === ids.beta.organizationId);
    const alpha = rows.find((row) => row.organization_id === ids.alpha.organizationId);
    expect(alpha?.name).toBe("renamed");
    expect(beta?.name).toBe("Leads");
  });

  it("unfiltered delete removes alpha's rows only", async () => {
    await withTenant(db, { userId: ids.alpha.userId, organizationIds: [ids.alpha.organizationId] }, (tx) =>
      tx.execute(sql`delete from weekly_actuals`),
    );
    const rows = rowsOf(await db.execute(sql`select organization_id from weekly_actuals`));
    expect(rows.map((row) => row.organization_id)).toEqual([ids.beta.organizationId]);
  });

  it("insert into another organization is rejected", async () => {
    const attempt = withTenant(db, { userId: ids.alpha.userId, organizationIds: [ids.alpha.organizationId] }, (tx) =>
      tx.execute(sql`insert into audit_events (organization_id, action, entity_type) values (${ids.beta.organizationId}, 'forged', 'kpi')`),
    );
    await expect(attempt).rejects.toMatchObject({ cause: expect.objectContaining({ code: "42501" }) });
  });

  it("scope ids must be UUIDs", async () => {
    await expect(withTenant(db, { userId: null, organizationIds: ["x' or 1=1"] }, async () => 1)).rejects.toThrow("is not a UUID");
  });
});

// On PostgreSQL the application can also log in as its own role; the same
// policies then apply without any SET ROLE.
describe.skipIf(!process.env.DATABASE_URL)("direct login as the application role", () => {
  it("unfiltered select sees only the scoped organization", async () => {
    const databaseName = rowsOf(await db.execute(sql`select current_database() as name`))[0]!.name as string;
    await db.execute(sql.raw(`alter role ${APP_ROLE} login password 'backsolve-test-only'`));
    const url = new URL(process.env.DATABASE_URL!);
    url.username = APP_ROLE;
    url.password = "backsolve-test-only";
    url.pathname = `/${databaseName}`;
    const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      const everything = await client`select organization_id from plans`;
      expect(everything).toHaveLength(0);
      const scoped = await client.begin(async (tx) => {
        await tx`select set_config('backsolve.organization_ids', ${ids.alpha.organizationId}, true)`;
        return tx`select organization_id from plans`;
      });
      expect(scoped.map((row) => row.organization_id)).toEqual([ids.alpha.organizationId]);
    } finally {
      await client.end();
    }
  });
});
