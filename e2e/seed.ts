import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/connect";
import { insertMembership, insertOrganization } from "@/db/queries/organizations";
import { upsertFunnel, upsertKpi, upsertPlan, upsertStages } from "@/db/queries/plans";
import { insertUser } from "@/db/queries/users";
import { agencyAssignments, agencyClients, organizations } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { Branch, Role } from "@/lib/auth/permissions";
import { E2E_PASSWORD, E2E_USERS } from "./accounts";

/**
 * Prepares the browser tests' embedded database before the server starts:
 * a company with one member per role and a marketing and a sales KPI, and an
 * agency whose member is assigned to two of its three clients.
 */
async function main(): Promise<void> {
  const dataDir = process.env.PGLITE_DATA_DIR;
  if (!dataDir) throw new Error("PGLITE_DATA_DIR must name the browser tests' own database folder");
  const handle = await openDatabase({ kind: "pglite", dataDir });
  try {
    await handle.migrate();
    const db = handle.db;
    const passwordHash = await hashPassword(E2E_PASSWORD);

    const company = await insertOrganization(db, { slug: "roles-co", name: "Roles Company", timeZone: "America/Chicago" });
    const memberships = new Map<string, string>();
    const companyRoles: [keyof typeof E2E_USERS, Role, Branch | null][] = [
      ["admin", "admin", null],
      ["executive", "executive", null],
      ["marketingOwner", "branch_owner", "marketing"],
      ["salesOwner", "branch_owner", "sales"],
    ];
    for (const [key, role, branch] of companyRoles) {
      const user = await insertUser(db, { email: E2E_USERS[key], name: key, passwordHash });
      const membership = await insertMembership(db, { organizationId: company.id, userId: user.id, role, branch });
      memberships.set(key, membership.id);
    }

    const plan = await upsertPlan(db, company.id, 2027, {
      revenueGoal: "20000000",
      contractedRevenue: "16000000",
      expansionRevenue: "2000000",
      newRevenueSales: "1000000",
      newRevenueMarketing: "1000000",
      averageCustomerValue: "500000",
      lastYearCustomersSales: 1,
      lastYearCustomersMarketing: 1,
      historicalGrowth: "0.25",
      stretchFactor: "2",
    });
    const funnel = await upsertFunnel(db, company.id, plan.id, { key: "marketing-master", branch: "marketing", name: "Marketing funnel", customerShare: "1", position: 0 });
    const stages = await upsertStages(db, company.id, funnel.id, [
      { key: "traffic", name: "Traffic", position: 0, lastYear: 125000, plannedRate: null, historicalGrowth: null },
      { key: "leads", name: "Leads", position: 1, lastYear: 8000, plannedRate: null, historicalGrowth: null },
      { key: "customers", name: "Customers", position: 2, lastYear: 1, plannedRate: null, historicalGrowth: null },
    ]);
    const common = {
      unit: "count" as const,
      aggregation: "sum" as const,
      direction: "at_least" as const,
      q1Weight: "0.25",
      q2Weight: "0.25",
      q3Weight: "0.25",
      q4Weight: "0.25",
      tolerance: null,
      blankIsZero: false,
      trendWeeks: 3,
      play: null,
      focusArea: null,
    };
    await upsertKpi(db, company.id, plan.id, {
      ...common,
      key: "downloads",
      name: "Gated content downloads",
      branch: "marketing",
      ownerMembershipId: memberships.get("marketingOwner")!,
      funnelStageId: stages.find((stage) => stage.key === "leads")!.id,
      annualTarget: null,
      position: 0,
    });
    await upsertKpi(db, company.id, plan.id, {
      ...common,
      key: "demos",
      name: "Demos held",
      branch: "sales",
      ownerMembershipId: memberships.get("salesOwner")!,
      funnelStageId: null,
      annualTarget: "520",
      position: 1,
    });

    const agency = await insertOrganization(db, { slug: "e2e-agency", name: "E2E Agency", timeZone: "America/Chicago" });
    await db.update(organizations).set({ kind: "agency" }).where(eq(organizations.id, agency.id));
    const agent = await insertUser(db, { email: E2E_USERS.agencyMember, name: "Agent", passwordHash });
    const agentMembership = await insertMembership(db, { organizationId: agency.id, userId: agent.id, role: "agency_member" });
    for (const [index, slug] of ["client-one", "client-two", "client-three"].entries()) {
      const client = await insertOrganization(db, { slug, name: `Client ${index + 1}`, timeZone: "America/Chicago" });
      await db.insert(agencyClients).values({ organizationId: client.id, agencyId: agency.id, status: "active", createdByAgency: true });
      if (slug !== "client-three") {
        await db.insert(agencyAssignments).values({ organizationId: agency.id, membershipId: agentMembership.id, clientOrganizationId: client.id });
      }
    }
    console.log("Browser test data ready.");
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error("Preparing the browser test data failed:", error);
  process.exit(1);
});
