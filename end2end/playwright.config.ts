import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The release build, started fresh with its own data directory on a port of its own.
const port = Number(process.env.STREAMLAB_E2E_PORT ?? 3210);
const dataDir = mkdtempSync(join(tmpdir(), "streamlab-e2e-"));

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
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions,
  },
  projects: [
    // SSR must stand alone: every page reads fine with JavaScript disabled.
    { name: "javascript-off", use: { javaScriptEnabled: false } },
    // Hydrated: interactive controls work.
    { name: "javascript-on", use: { javaScriptEnabled: true } },
  ],
  webServer: {
    command: `target/release/streamlab --listen 127.0.0.1:${port} --data-dir ${dataDir}`,
    cwd: "..",
    env: { LEPTOS_SITE_ROOT: "target/site", RUST_LOG: "warn" },
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
