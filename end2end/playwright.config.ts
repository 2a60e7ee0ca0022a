import { defineConfig } from "@playwright/test";
import { clusterServer, devServer, mainServer } from "./servers";

// The system Chromium; Playwright never downloads a browser here. The networking flags stop it
// from calling home on a closed network.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  // A test's whole budget, all its steps together. Each step waits on state, bounded by its own
  // expect timeout; the budget is generous because the suite must pass on a busy machine: beside
  // two CPU burners, the longest tests took 23-28 s of what was then a 30 s budget, and one ran out.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  globalTeardown: "./log-check.ts",
  use: {
    baseURL: mainServer.url,
    headless: true,
    launchOptions,
  },
  projects: [
    // SSR must stand alone: every page reads fine with JavaScript disabled.
    { name: "javascript-off", use: { javaScriptEnabled: false } },
    // Hydrated: interactive controls work.
    { name: "javascript-on", use: { javaScriptEnabled: true } },
  ],
  // The release site (see servers.ts), each server fresh with its own data directory. The cluster's script
  // stops its parts (PostgreSQL, Redis, the nodes, HAProxy) on SIGTERM; it answers once HAProxy,
  // started last, does.
  webServer: [mainServer, devServer, clusterServer].map((server) => ({
    command: server.command,
    cwd: "..",
    env: { LEPTOS_SITE_ROOT: "target/site", RUST_LOG: "warn", NO_COLOR: "1" },
    url: `${server.url}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
    stdout: "pipe" as const,
    stderr: "pipe" as const,
  })),
});
