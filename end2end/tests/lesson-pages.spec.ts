import { test, expect } from "@playwright/test";
import { lessons } from "../lessons";

// Every lesson reads complete from the server alone (and the same once hydrated).
for (const [index, slug] of lessons.entries()) {
  test(`lesson ${index + 1} shows its place, reading time, tags, code, diagrams, links and exercise`, async ({ page }) => {
    const response = await page.goto(`/lessons/${slug}`);
    expect(response?.status()).toBe(200);
    await expect(page.locator(".lesson-position")).toHaveText(`Lesson ${index + 1} of 07 · published`);
    await expect(page.locator(".reading-time")).toHaveText(/^\d+ min read$/);
    expect(await page.locator(".tag").count()).toBeGreaterThan(0);
    await expect(page.locator(".code-block .code-title").first()).not.toBeEmpty();
    await expect(page.locator(".code-block [class^='hl-']").first()).toBeVisible();
    await expect(page.locator(".diagram pre").first()).toBeVisible();
    expect(await page.locator(".further-reading a").count()).toBeGreaterThan(0);
    expect(await page.locator(".exercise .check").count()).toBeGreaterThan(0);
    await expect(page.locator(".exercise .check-text").first()).not.toBeEmpty();
  });
}
