import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E_PASSWORD, E2E_USERS } from "./accounts";

async function signIn(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

async function signedInPage(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test("executive sees no edit controls", async ({ browser }) => {
  const page = await signedInPage(browser, E2E_USERS.executive);

  await page.goto("/o/roles-co/plan/2027");
  await expect(page.getByRole("heading", { name: "Plan for FY2027" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save plan" })).toHaveCount(0);
  await expect(page.getByLabel("Revenue goal for the year")).toBeDisabled();

  await page.goto("/o/roles-co/scorecard?year=2027&quarter=1");
  await expect(page.getByRole("heading", { name: "Scorecard · FY2027 Q1" })).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);

  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await page.goto("/o/roles-co/settings");
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});

test("replayed admin action with executive session is rejected", async ({ browser }) => {
  const admin = await signedInPage(browser, E2E_USERS.admin);
  await admin.goto("/o/roles-co/plan/2027");

  // Record the admin's save request without letting it reach the server.
  let recorded: { url: string; headers: Record<string, string>; body: string } | null = null;
  await admin.route("**/o/roles-co/plan/2027", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"]) {
      recorded = { url: request.url(), headers: request.headers(), body: request.postData() ?? "" };
      await route.abort();
      return;
    }
    await route.continue();
  });
  await admin.getByLabel("Revenue goal for the year").fill("99999999");
  await admin.getByLabel("Contracted revenue (existing customers)").fill("97999999");
  await admin.getByRole("button", { name: "Save plan" }).click();
  await expect.poll(() => recorded).not.toBeNull();

  const executive = await signedInPage(browser, E2E_USERS.executive);
  const { url, headers, body } = recorded!;
  const response = await executive.request.post(url, {
    headers: { "next-action": headers["next-action"]!, "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: body,
  });
  const text = await response.text();
  expect(text).toContain("Your role does not allow this");

  // Nothing changed: the goal is still the seeded one.
  await admin.unroute("**/o/roles-co/plan/2027");
  await admin.goto("/o/roles-co/plan/2027");
  await expect(admin.getByLabel("Revenue goal for the year")).toHaveValue("20000000");
});

test("marketing owner cannot enter a sales KPI", async ({ browser }) => {
  const page = await signedInPage(browser, E2E_USERS.marketingOwner);
  await page.goto("/o/roles-co/scorecard?year=2027&quarter=1");
  await expect(page.getByLabel("Actual for Gated content downloads, week of 2027-01-04")).toBeVisible();
  await expect(page.getByLabel("Actual for Demos held, week of 2027-01-04")).toHaveCount(0);
  await expect(page.getByText("Demos held")).toBeVisible();
});

test("agency member switches clients and cannot open a third", async ({ browser }) => {
  const page = await signedInPage(browser, E2E_USERS.agencyMember);
  await page.goto("/o/client-one");
  await expect(page.getByRole("heading", { name: /Client 1/ })).toBeVisible();

  await page.getByLabel("Organization").selectOption({ label: "Client 2" });
  await expect(page).toHaveURL(/\/o\/client-two$/);
  await expect(page.getByRole("heading", { name: /Client 2/ })).toBeVisible();

  const response = await page.goto("/o/client-three");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});
