import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { savePlanAction } from "@/app/o/[orgSlug]/plan/[year]/save-plan";
import { enterActualAction } from "@/app/o/[orgSlug]/scorecard/enter-actual";
import type { Database, DatabaseHandle } from "@/db/connect";
import { findActual, listActuals } from "@/db/queries/actuals";
import { listAuditEvents } from "@/db/queries/audit";
import type { Organization } from "@/db/queries/organizations";
import { loadPlanAggregate } from "@/db/queries/plans";
import { executeAction, type ActionResult } from "@/lib/auth/action";
import type { SessionUser } from "@/lib/auth/session-user";
import { openTestDatabase } from "@/test/database";
import { seedOrganization } from "@/test/seed-tenants";

const SLUG = "acme";
// Monday 2027-02-15 at noon in America/Chicago, when the seventh week of FY2027 has just started.
const NOW = "2027-02-15T18:00:00Z";

let handle: DatabaseHandle;
let db: Database;
let organization: Organization;
let kpiId: string;
let admin: SessionUser;
let owner: SessionUser;
let otherContributor: SessionUser;
let marketingOwner: SessionUser;
let salesOwner: SessionUser;
let executive: SessionUser;

function enter(user: SessionUser | null, weekStart: string, value: string, note?: string) {
  return executeAction(enterActualAction, { db, user }, SLUG, { kpiId, weekStart, value, note });
}

function failure<T>(result: ActionResult<T>) {
  if (result.ok) throw new Error(`Expected the action to fail, but it returned ${JSON.stringify(result.data)}`);
  return result;
}

async function storedValue(weekStart: string): Promise<string | null> {
  return (await findActual(db, organization.id, kpiId, weekStart))?.value ?? null;
}

beforeAll(async () => {
  vi.stubEnv("BACKSOLVE_TEST_NOW", NOW);
  handle = await openTestDatabase();
  db = handle.db;
  const seeded = await seedOrganization(db, SLUG, [
    { role: "admin" },
    { role: "contributor" },
    { role: "contributor" },
    { role: "branch_owner", branch: "marketing" },
    { role: "branch_owner", branch: "sales" },
    { role: "executive" },
  ]);
  organization = seeded.organization;
  const users = seeded.members.map((member) => member.user);
  [admin, owner, otherContributor, marketingOwner, salesOwner, executive] = users as [
    SessionUser,
    SessionUser,
    SessionUser,
    SessionUser,
    SessionUser,
    SessionUser,
  ];

  const saved = await executeAction(savePlanAction, { db, user: admin }, SLUG, {
    fiscalYear: "2027",
    values: {
      revenueGoal: "20000000",
      contractedRevenue: "16000000",
      expansionRevenue: "2000000",
      newRevenueSales: "1000000",
      newRevenueMarketing: "1000000",
      averageCustomerValue: "500000",
      lastYearCustomersSales: "",
      lastYearCustomersMarketing: "",
      historicalGrowthPercent: "",
      stages: [
        { key: "leads", name: "Leads", lastYear: "8000", plannedRatePercent: "" },
        { key: "customers", name: "Customers", lastYear: "1", plannedRatePercent: "" },
      ],
      kpi: {
        name: "Leads",
        stageKey: "leads",
        weightsPercent: ["20", "23", "27", "30"],
        ownerMembershipId: seeded.members[1]!.membershipId,
      },
    },
  });
  if (!saved.ok) throw new Error(`Saving the plan failed: ${saved.message} ${JSON.stringify(saved.fieldErrors)}`);
  const kpi = (await loadPlanAggregate(db, organization.id, 2027))?.kpis[0];
  if (!kpi) throw new Error("The saved plan has no KPI");
  kpiId = kpi.id;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await handle?.close();
});

describe("owner entries", () => {
  const WEEK = "2027-01-04";

  it("owner enters a value", async () => {
    const result = await enter(owner, WEEK, "260", "Webinar week");
    expect(result).toMatchObject({ ok: true, data: { kpiId, weekStart: WEEK, value: "260" } });
  });

  it("entry is stored", async () => {
    expect(await storedValue(WEEK)).toBe("260");
  });

  it("entry records the user", async () => {
    const row = await findActual(db, organization.id, kpiId, WEEK);
    expect(row?.enteredBy).toBe(owner.id);
  });

  it("second entry replaces the first", async () => {
    await enter(owner, WEEK, "240");
    expect(await storedValue(WEEK)).toBe("240");
  });

  it("keeps one row per week", async () => {
    const rows = await listActuals(db, organization.id, [kpiId]);
    expect(rows.filter((row) => row.weekStart === WEEK)).toHaveLength(1);
  });

  it("replacement keeps the note", async () => {
    const row = await findActual(db, organization.id, kpiId, WEEK);
    expect(row?.note).toBe("Webinar week");
  });

  it("blank clears the week", async () => {
    const result = await enter(owner, WEEK, "");
    expect(result).toMatchObject({ ok: true, data: { value: null } });
  });

  it("cleared week has no row", async () => {
    // Blank means "not entered", which the scorecard shows apart from a real 0.
    const rows = await listActuals(db, organization.id, [kpiId]);
    expect(rows.map((row) => row.weekStart)).not.toContain(WEEK);
  });

  it.each([
    ["0", "0"],
    ["0.00", "0"],
    ["1,250", "1250"],
    ["12.50", "12.5"],
  ])("%s is stored as %s", async (typed, stored) => {
    await enter(owner, "2027-01-11", typed);
    expect(await storedValue("2027-01-11")).toBe(stored);
  });
});

describe("rejected entries", () => {
  it.each([
    ["next week", "2027-02-22", "value"],
    ["a Tuesday", "2027-02-16", "weekStart"],
    ["a week of FY2026", "2026-12-28", "weekStart"],
    ["the week after FY2027", "2028-01-03", "weekStart"],
    ["an impossible date", "2027-02-30", "weekStart"],
  ])("rejects %s", async (_case, weekStart, field) => {
    const result = await enter(owner, weekStart, "5");
    expect(Object.keys(failure(result).fieldErrors)).toContain(field);
  });

  it("future week is invalid", async () => {
    const result = await enter(owner, "2027-02-22", "5");
    expect(failure(result).code).toBe("invalid");
  });

  it("future week stores nothing", async () => {
    await enter(owner, "2027-02-22", "5");
    expect(await storedValue("2027-02-22")).toBeNull();
  });

  it("Tuesday stores nothing", async () => {
    await enter(owner, "2027-02-16", "5");
    const rows = await listActuals(db, organization.id, [kpiId]);
    expect(rows.map((row) => row.weekStart)).not.toContain("2027-02-16");
  });

  it("rejects abc as the value", async () => {
    const result = await enter(owner, "2027-02-01", "abc");
    expect(failure(result).fieldErrors.value).toContain("Enter a number");
  });

  it("rejects an unknown KPI", async () => {
    const result = await executeAction(enterActualAction, { db, user: admin }, SLUG, {
      kpiId: "00000000-0000-4000-8000-000000000000",
      weekStart: "2027-02-01",
      value: "5",
    });
    expect(failure(result).code).toBe("not_found");
  });
});

describe("today in the organization's time zone", () => {
  const WEEK = "2027-02-15";

  it("week not started in Chicago", async () => {
    // 05:59 UTC is still Sunday 23:59 in Chicago (UTC-6 in February).
    vi.stubEnv("BACKSOLVE_TEST_NOW", "2027-02-15T05:59:00Z");
    const result = await enter(owner, WEEK, "5");
    vi.stubEnv("BACKSOLVE_TEST_NOW", NOW);
    expect(failure(result).fieldErrors.value).toBe("This week has not started yet.");
  });

  it("not-started week stores nothing", async () => {
    expect(await storedValue(WEEK)).toBeNull();
  });

  it("week started at Chicago midnight", async () => {
    vi.stubEnv("BACKSOLVE_TEST_NOW", "2027-02-15T06:00:00Z");
    const result = await enter(owner, WEEK, "5");
    vi.stubEnv("BACKSOLVE_TEST_NOW", NOW);
    expect(result.ok).toBe(true);
  });
});

describe("who may enter", () => {
  const WEEK = "2027-01-18";

  it.each([
    ["other contributor", () => otherContributor],
    ["sales branch owner", () => salesOwner],
    ["executive", () => executive],
  ])("%s is forbidden", async (_role, user) => {
    const result = await enter(user(), WEEK, "7");
    expect(failure(result).code).toBe("forbidden");
  });

  it("forbidden entries store nothing", async () => {
    expect(await storedValue(WEEK)).toBeNull();
  });

  it("signed-out call is unauthenticated", async () => {
    const result = await enter(null, WEEK, "7");
    expect(failure(result).code).toBe("unauthenticated");
  });

  it("marketing branch owner may enter", async () => {
    const result = await enter(marketingOwner, WEEK, "8");
    expect(result.ok).toBe(true);
  });

  it("admin may enter", async () => {
    const result = await enter(admin, WEEK, "9");
    expect(result.ok).toBe(true);
  });
});

describe("actual audit events", () => {
  const WEEK = "2027-01-25";
  let events: Awaited<ReturnType<typeof listAuditEvents>>;

  beforeAll(async () => {
    await enter(owner, WEEK, "200");
    await enter(owner, WEEK, "190");
    // Entering the same value again and clearing an empty week change nothing.
    await enter(owner, WEEK, "190.0");
    await enter(owner, WEEK, "");
    await enter(owner, WEEK, "");
    const all = await listAuditEvents(db, organization.id, { entityType: "kpi", entityId: kpiId });
    events = all.filter((event) => JSON.stringify([event.oldValue, event.newValue]).includes(WEEK));
  });

  function eventOf(action: string) {
    const event = events.find((row) => row.action === action);
    if (!event) throw new Error(`No ${action} event among ${events.map((row) => row.action).join(", ")}`);
    return event;
  }

  it("writes one event per change", () => {
    expect(events.map((event) => event.action).sort()).toEqual(["actual.clear", "actual.create", "actual.update"]);
  });

  it("create has no old value", () => {
    expect(eventOf("actual.create").oldValue).toBeNull();
  });

  it("create has the new value", () => {
    expect(eventOf("actual.create").newValue).toEqual({ weekStart: WEEK, value: "200" });
  });

  it("update has the old value", () => {
    expect(eventOf("actual.update").oldValue).toEqual({ weekStart: WEEK, value: "200" });
  });

  it("update has the new value", () => {
    expect(eventOf("actual.update").newValue).toEqual({ weekStart: WEEK, value: "190" });
  });

  it("clear has the old value", () => {
    expect(eventOf("actual.clear").oldValue).toEqual({ weekStart: WEEK, value: "190" });
  });

  it("clear has no new value", () => {
    expect(eventOf("actual.clear").newValue).toBeNull();
  });

  it("events name the owner", () => {
    expect(new Set(events.map((event) => event.actorUserId))).toEqual(new Set([owner.id]));
  });
});
