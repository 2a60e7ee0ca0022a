import { test, expect } from "../fixtures";
import { lessons } from "../lessons";

// Progress without an account: the level bar on every page, and a lesson's reading XP claimed
// once with "Mark as read", with JavaScript and without.
test("a new visitor reads a lesson, marks it read, and sees the XP rise once", async ({ page, javaScriptEnabled }) => {
  await page.goto("/lessons/push-not-poll");
  if (javaScriptEnabled) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
  const bar = page.getByRole("region", { name: "Your progress" });
  await expect(bar).toContainText(
    "Level 0 · Poller — 0 XP · 0/7 lessons · 0/10 achievements — 120 XP to the next level · 0% complete",
  );
  await expect(bar).toContainText("Progress is local-only");
  await page.getByRole("button", { name: "Mark as read" }).click();
  await expect(bar.locator(".level-xp")).toHaveText("10 XP");
  await expect(page.getByText("Read ✓ (10 XP)")).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark as read" })).toHaveCount(0);
  // The bar is on every page, with the same numbers.
  await page.goto("/");
  await expect(bar).toContainText("Level 0 · Poller — 10 XP · 0/7 lessons · 0/10 achievements — 110 XP to the next level");
});

test("reaching the end of a lesson counts as reading it", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "without JavaScript, the button is the way");
  await page.goto("/lessons/horizontal-scaling");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
  await page.locator(".mark-read").scrollIntoViewIfNeeded();
  await expect(page.getByText("Read ✓ (10 XP)")).toBeVisible();
  await expect(page.getByRole("region", { name: "Your progress" }).locator(".level-xp")).toHaveText("10 XP");
  // The award reads the progress again; the lesson stays on screen meanwhile, the reader where they were.
  await expect(page.locator(".mark-read")).toBeInViewport();
});

// Ten achievements on a page of their own, rendered by the server (numbers and all).
test("the achievements page shows every achievement, locked, with steps where it has them", async ({ page }) => {
  await page.goto("/achievements");
  await expect(page.getByRole("heading", { name: "Achievements", level: 1 })).toBeVisible();
  await expect(page.getByText("0 of 10 unlocked")).toBeVisible();
  await expect(page.locator(".achievement")).toHaveCount(10);
  const three = page.locator(".achievement", { hasText: "Getting the hang of it" });
  await expect(three).toContainText("Locked · 0/3 lessons");
  await expect(page.locator(".achievement", { hasText: "Across the bridge" })).toContainText("Locked · +20 XP");
});

test("reading every lesson unlocks an achievement, with a toast when the page is live", async ({ page, javaScriptEnabled }) => {
  // Seven pages read one after another: more than the default 30 s on a busy 2-core machine.
  test.slow();
  for (const slug of lessons) {
    await page.goto(`/lessons/${slug}`);
    if (javaScriptEnabled) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
    await page.getByRole("button", { name: "Mark as read" }).click();
    await expect(page.getByText("Read ✓ (10 XP)")).toBeVisible();
  }
  if (javaScriptEnabled) {
    await expect(page.locator(".toasts")).toContainText("Achievement unlocked: Cover to cover (+10 XP)");
  }
  const bar = page.getByRole("region", { name: "Your progress" });
  await expect(bar).toContainText("80 XP · 0/7 lessons · 1/10 achievements");
  await bar.getByRole("link", { name: "1/10 achievements" }).click();
  await expect(page.getByText("1 of 10 unlocked")).toBeVisible();
  await expect(page.locator(".achievement.unlocked")).toContainText(/Cover to cover.*Unlocked on \d{4}-\d{2}-\d{2}/s);
});
