// Concord's browser tests: every journey runs twice, hydrated and with JavaScript off, in
// Debian's Chromium against a release build serving a fresh database with the demo data.
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// The server's log, which global-teardown.ts reads: an ERROR logged while the journeys ran
// fails the run.
export const serverLog = process.env.E2E_SERVER_LOG ?? "../target/e2e-server.log";

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  globalTeardown: "./global-teardown.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  // One retry in CI: a rare page that does not hydrate in time on a loaded 2-core machine is
  // reported as flaky (with the browser's console) instead of failing the run.
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "ru-RU",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
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
  projects: [
    { name: "hydrated", use: { javaScriptEnabled: true } },
    { name: "no-js", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: `exec target/release/concord serve --demo >> "${serverLog.replace(/^\.\.\//, "")}" 2>&1`,
    cwd: "..",
    url: `${baseURL}/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "sqlite:target/e2e/concord.db",
      CONCORD_FILES_DIR: "target/e2e/files",
      LEPTOS_SITE_ROOT: "target/site",
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_ENV: "PROD",
      RUST_LOG: "warn",
      NO_COLOR: "1",
      // Every journey logs in from this one address, many times a minute.
      CONCORD_LIMIT_LOGINS_PER_MINUTE: "10000",
      CONCORD_LIMIT_READS_PER_MINUTE: "10000",
    },
  },
});
