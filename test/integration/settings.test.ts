import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateSettingsAction } from "@/app/o/[orgSlug]/settings/update-settings";
import type { Database, DatabaseHandle } from "@/db/connect";
import { listAuditEvents } from "@/db/queries/audit";
import { upsertActual } from "@/db/queries/actuals";
import { upsertKpi, upsertPlan } from "@/db/queries/plans";
import { organizations } from "@/db/schema";
import { executeAction } from "@/lib/auth/action";
import type { SessionUser } from "@/lib/auth/session-user";
import { openTestDatabase } from "@/test/database";
import { seedOrganization } from "@/test/seed-tenants";

let handle: DatabaseHandle;
let db: Database;
let admin: SessionUser;
let executive: SessionUser;
let organizationId: string;

const VALID = {
  name: "Settings Co",
  fiscalYearStartMonth: "4",
  weekStartsOn: "sunday",
  fiscalYearNaming: "start",
  monthPattern: "5-4-4",
  currency: "eur",
  timeZone: "Europe/Berlin",
  meetingWeekday: "tuesday",
  meetingTime: "09:30",
};

const save = (user: SessionUser | null, input: unknown) => executeAction(updateSettingsAction, { db, user }, "settings-co", input);

async function stored() {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  return row!;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  const seeded = await seedOrganization(db, "settings-co", [{ role: "admin" }, { role: "executive" }]);
  await seedOrganization(db, "other-co");
  organizationId = seeded.organization.id;
  admin = { id: seeded.members[0]!.user.id, email: seeded.members[0]!.user.email, name: "Admin" };
  executive = { id: seeded.members[1]!.user.id, email: seeded.members[1]!.user.email, name: "Executive" };
});

afterAll(async () => {
  await handle?.close();
});

describe("organization settings", () => {
  it("new organizations start from the defaults", async () => {
    const row = await stored();
    expect(row.fiscalYearStartMonth).toBe(1);
    expect(row.weekStartsOn).toBe("monday");
    expect(row.currency).toBe("USD");
  });

  it("admin saves every setting", async () => {
    const result = await save(admin, VALID);
    expect(result.ok).toBe(true);
    const row = await stored();
    expect(row.fiscalYearStartMonth).toBe(4);
    expect(row.weekStartsOn).toBe("sunday");
    expect(row.fiscalYearNaming).toBe("start");
    expect(row.monthPattern).toBe("5-4-4");
    expect(row.currency).toBe("EUR");
    expect(row.timeZone).toBe("Europe/Berlin");
    expect(row.meetingTime).toBe("09:30");
  });

  it("records old and new values", async () => {
    const [event] = await listAuditEvents(db, organizationId, { entityType: "organization" });
    expect(event?.action).toBe("settings.update");
    expect((event?.oldValue as { currency: string }).currency).toBe("USD");
    expect((event?.newValue as { currency: string }).currency).toBe("EUR");
  });

  it.each([
    ["currency", "dollars", "three-letter currency code"],
    ["timeZone", "Mars/Base", "time zone name"],
    ["meetingTime", "25:00", "24-hour time"],
    ["fiscalYearStartMonth", "13", "month from January to December"],
    ["weekStartsOn", "someday", "Choose a weekday"],
    ["name", "", "at least 2 characters"],
  ])("rejects %s %j at its field", async (field, value, message) => {
    const before = await stored();
    const result = await save(admin, { ...VALID, [field]: value });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("invalid");
    expect(result.fieldErrors[field]).toContain(message);
    expect((await stored()).updatedAt).toEqual(before.updatedAt);
  });

  it("executive is forbidden", async () => {
    const result = await save(executive, { ...VALID, currency: "GBP" });
    expect(result.ok ? "ok" : result.code).toBe("forbidden");
    expect((await stored()).currency).toBe("EUR");
  });

  it("calendar is locked once actuals exist", async () => {
    const plan = await upsertPlan(db, organizationId, 2027, {
      revenueGoal: "100", contractedRevenue: "0", expansionRevenue: "0", newRevenueSales: "0", newRevenueMarketing: "100",
      averageCustomerValue: "10", lastYearCustomersSales: null, lastYearCustomersMarketing: null, historicalGrowth: null, stretchFactor: "2",
    });
    const kpi = await upsertKpi(db, organizationId, plan.id, {
      key: "demos", name: "Demos", branch: "sales", unit: "count", aggregation: "sum", direction: "at_least", ownerMembershipId: null,
      funnelStageId: null, annualTarget: "52", q1Weight: "0.25", q2Weight: "0.25", q3Weight: "0.25", q4Weight: "0.25", tolerance: null,
      blankIsZero: false, trendWeeks: 3, play: null, focusArea: null, position: 0,
    });
    await upsertActual(db, organizationId, { kpiId: kpi.id, weekStart: "2027-04-04", value: "1", note: null, enteredBy: admin.id });

    const moved = await save(admin, { ...VALID, weekStartsOn: "monday" });
    expect(moved.ok ? "ok" : moved.code).toBe("conflict");
    expect((await stored()).weekStartsOn).toBe("sunday");

    // Settings that do not move weeks still save.
    const renamed = await save(admin, { ...VALID, currency: "CHF" });
    expect(renamed.ok).toBe(true);
    expect((await stored()).currency).toBe("CHF");
  });
});
