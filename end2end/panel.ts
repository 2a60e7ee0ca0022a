// The sandbox panel as a learner drives it: start a lesson's sandbox, send from a server's
// pane, wait for a message to cross, restart Redis. Shared by the panel's specs and the
// cluster's (the same steps, through the proxy).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";

/// Opens `slug`, waits for hydration, starts its sandbox and waits until both servers' clients
/// can send.
export async function startSandbox(page: Page, slug: string) {
  await page.goto(`/lessons/${slug}`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
  const panel = page.getByRole("complementary", { name: "Sandbox" });
  await panel.getByRole("button", { name: "Start sandbox" }).click();
  const a = panel.getByRole("region", { name: "Server A" });
  const b = panel.getByRole("region", { name: "Server B" });
  await expect(a.getByRole("button", { name: "Send" })).toBeEnabled();
  await expect(b.getByRole("button", { name: "Send" })).toBeEnabled();
  return { panel, a, b };
}

export async function send(pane: Locator, text: string) {
  await pane.getByLabel("Message", { exact: true }).fill(text);
  await pane.getByLabel("Message", { exact: true }).press("Enter");
}

/// Sends numbered messages from one pane until one shows in the other (clients reconnect,
/// listeners resubscribe: "eventually" is the claim).
export async function crossUntilSeen(from: Locator, to: Locator, label: string) {
  await expect(async () => {
    const text = `${label} ${Date.now()}`;
    await send(from, text);
    await expect(to.getByText(text)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

export async function restartRedis(panel: Locator) {
  await panel.getByRole("button", { name: "Stop Redis" }).click();
  await expect(panel.getByText("Redis is stopped")).toBeVisible();
  await panel.getByRole("button", { name: "Start Redis" }).click();
  await expect(panel.getByText("Redis is running")).toBeVisible();
}

// Playwright runs from end2end/ (scripts/test.sh): the repository is one level up.
// Lesson 7's finished module, as the lesson includes it.
export const finishedBridge = readFileSync(join(__dirname, "..", "lessons", "code", "bridge_finished.py"), "utf8");
