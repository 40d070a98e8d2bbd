import { defineConfig } from "@playwright/test";

const PORT = 3210;
const BASE_URL = `http://127.0.0.1:${PORT}`;

// Browser tests write to a database of their own; they refuse a remote one.
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl && !["127.0.0.1", "localhost", "::1", "[::1]"].includes(new URL(databaseUrl).hostname)) {
  throw new Error(`Browser tests run only against a local database; DATABASE_URL points at ${new URL(databaseUrl).hostname}.`);
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: BASE_URL,
    timezoneId: "America/Chicago",
    locale: "en-US",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // The server runs the production build (`npm run build` first) on a fresh
    // embedded database, with the clock pinned to the worked example's date.
    command: `rm -rf .data/e2e && node --import tsx e2e/seed.ts && node node_modules/next/dist/bin/next start -p ${PORT} -H 127.0.0.1`,
    url: `${BASE_URL}/sign-in`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PGLITE_DATA_DIR: ".data/e2e/pglite",
      DATABASE_URL: "",
      BACKSOLVE_TEST_NOW: "2027-02-15T18:00:00Z",
      NEXTAUTH_SECRET: "browser-tests-only-secret-0123456789abcdef",
      NEXTAUTH_URL: BASE_URL,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
    },
  },
});
