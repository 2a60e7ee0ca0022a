import { test, expect } from "@playwright/test";

// Progress without an account: the level bar on every page, and a lesson's reading XP claimed
// once with "Mark as read", with JavaScript and without.
test("a new visitor reads a lesson, marks it read, and sees the XP rise once", async ({ page, javaScriptEnabled }) => {
  await page.goto("/lessons/push-not-poll");
  if (javaScriptEnabled) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
  const bar = page.getByRole("region", { name: "Your progress" });
  await expect(bar).toContainText("Level 0 · Poller — 0 XP · 0/7 lessons — 120 XP to the next level · 0% complete");
  await expect(bar).toContainText("Progress is local-only");
  await page.getByRole("button", { name: "Mark as read" }).click();
  await expect(bar.locator(".level-xp")).toHaveText("10 XP");
  await expect(page.getByText("Read ✓ (10 XP)")).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark as read" })).toHaveCount(0);
  // The bar is on every page, with the same numbers.
  await page.goto("/");
  await expect(bar).toContainText("Level 0 · Poller — 10 XP · 0/7 lessons — 110 XP to the next level");
});
