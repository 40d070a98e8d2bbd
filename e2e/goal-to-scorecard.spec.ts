import { expect, test, type Page } from "@playwright/test";
import fixture from "../test/fixtures/wehenger.json" with { type: "json" };

// The server's clock is pinned to the fixture's asOf (2027-02-15, a Monday in
// FY2027), so the same weeks are elapsed on any date the test runs.

async function fill(page: Page, label: string | RegExp, value: string) {
  const field = page.getByLabel(label, { exact: typeof label === "string" });
  await field.fill(value);
}

test("revenue goal to coloured scorecard", async ({ page }) => {
  const email = `ana+${Date.now()}@wehenger.example`;

  await page.goto("/sign-up");
  await fill(page, "Your name", "Ana Planner");
  await fill(page, "Work email", email);
  await fill(page, "Password", "long enough passphrase 42");
  await fill(page, "Company or agency name", fixture.organization.name);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/o\/wehenger-technologies\/plan\/2027$/);

  const plan = fixture.plan;
  await fill(page, "Revenue goal for the year", plan.revenueGoal);
  await fill(page, "Contracted revenue (existing customers)", plan.contractedRevenue);
  await fill(page, "Expansion revenue (existing customers)", plan.expansionRevenue);
  await fill(page, "New revenue sourced by sales", plan.newRevenueBySource.sales);
  await fill(page, "New revenue sourced by marketing", plan.newRevenueBySource.marketing);
  await expect(page.getByTestId("revenue-remainder")).toHaveText("Sales and marketing add up to the new-customer revenue.");
  await fill(page, "Average customer value (12 months)", plan.averageCustomerValue);
  await fill(page, "New customers last year: marketing", String(plan.lastYearNewCustomers.marketing));
  await fill(page, "New customers last year: sales", String(plan.lastYearNewCustomers.sales));
  await fill(page, "Historical year-over-year growth", "25");

  const stages = fixture.funnels[0]!.stages;
  for (const stage of stages) {
    await page.locator(`input[name="stages.${stages.indexOf(stage)}.lastYear"]`).fill(String(stage.lastYear));
  }
  const kpi = fixture.kpis[0]!;
  await fill(page, "KPI name", kpi.name);
  await page.getByLabel("Annual target from stage").selectOption(kpi.targetFromStage);

  // Weights that miss 100 % are rejected at the field and nothing is saved.
  const weights = ["20", "23", "27", "29"];
  for (const [quarter, weight] of weights.entries()) await fill(page, `Q${quarter + 1} weight`, weight);
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByText("The quarter weights add up to 99 %; they must add up to exactly 100 %.")).toBeVisible();
  await expect(page.getByText("Save the goal, the funnel's volumes")).toBeVisible();

  // Text in a number field is named at the field.
  await fill(page, "Q4 weight", "thirty");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByText('"thirty" is not a number.', { exact: false })).toBeVisible();

  await fill(page, "Q4 weight", "30");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByRole("status")).toHaveText("Plan saved. Every derived number was recomputed.");

  await expect(page.getByTestId("needed-traffic")).toContainText("250,000");
  await expect(page.getByTestId("customers-marketing")).toHaveText("2");
  const expectedWeekly = ["247", "284", "333", "370"];
  for (const [index, weekly] of expectedWeekly.entries()) {
    await expect(page.getByTestId(`weekly-target-q${index + 1}`)).toHaveText(weekly);
  }

  await page.getByRole("link", { name: "Scorecard" }).click();
  await expect(page.getByRole("heading", { name: "Scorecard · FY2027 Q1" })).toBeVisible();

  for (const actual of kpi.actuals) {
    const input = page.getByLabel(`Actual for ${kpi.name}, week of ${actual.week}`);
    await input.fill(String(actual.value));
    await input.press("Enter");
    await expect(page.getByTestId(`week-${actual.week}`)).not.toHaveAttribute("data-status", "not_entered");
  }

  const expectedWeeks = fixture.expected.kpis.downloads.weeklyStatus;
  for (const week of expectedWeeks) {
    await expect(page.getByTestId(`week-${week.week}`)).toHaveAttribute("data-status", week.status);
  }
  // The week containing asOf is still running; the one after has not started.
  await expect(page.getByTestId("week-2027-02-15")).toHaveAttribute("data-status", "in_progress");
  await expect(page.getByTestId("week-2027-02-22")).toHaveAttribute("data-status", "upcoming");
  await expect(page.getByLabel(`Actual for ${kpi.name}, week of 2027-02-22`)).toHaveCount(0);

  const quarterToDate = page.getByTestId("quarter-to-date");
  await expect(quarterToDate).toHaveAttribute("data-status", "off_track");
  await expect(quarterToDate).toContainText("890 / 1,482");

  // Colours: the statuses above render as green, red and grey cells.
  const colourOf = (week: string) => page.getByTestId(`week-${week}`).evaluate((element) => getComputedStyle(element).backgroundColor);
  expect(await colourOf("2027-01-04")).toBe("rgb(209, 250, 229)");
  expect(await colourOf("2027-01-11")).toBe("rgb(254, 226, 226)");
  expect(await colourOf("2027-02-01")).toBe("rgb(229, 231, 235)");
});

test("signed-out visitor goes to sign-in", async ({ page }) => {
  await page.goto("/o/wehenger-technologies/scorecard");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fo%2Fwehenger-technologies%2Fscorecard/);
});

test("non-member gets 404 for another organization", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Your name", { exact: true }).fill("Olu Outsider");
  await page.getByLabel("Work email", { exact: true }).fill(`olu+${Date.now()}@other.example`);
  await page.getByLabel("Password", { exact: true }).fill("another long passphrase 7");
  await page.getByLabel("Company or agency name", { exact: true }).fill("Other Company");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/o\/other-company\/plan\/2027$/);

  // The first test created wehenger-technologies; a missing slug must look the same.
  for (const path of ["/o/wehenger-technologies/scorecard", "/o/no-such-organization/scorecard"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
});
