import { test, expect } from "../fixtures";
import { lessons } from "../lessons";
import AxeBuilder from "@axe-core/playwright";

// Every lesson page, with its sandbox running, in light and dark: no serious or critical
// accessibility violations (axe-core, WCAG 2 A and AA rules).

test.describe("accessibility (sandbox running)", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "the running sandbox needs JavaScript");

  for (const scheme of ["light", "dark"] as const) {
    for (const slug of lessons) {
      test(`${slug} in ${scheme}`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`/lessons/${slug}`);
        await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
        const panel = page.getByRole("complementary", { name: "Sandbox" });
        await panel.getByRole("button", { name: "Start sandbox" }).click();
        await expect(panel.locator(".panel-status")).toHaveText(/ready/);
        // The running views arrive as a chunk of their own: scan once they are there.
        await expect(panel.locator(".topology")).toBeVisible();
        expect(await seriousViolations(page)).toEqual([]);
      });
    }
  }

  // On a phone the panel is a sheet with one view at a time: each view is scanned.
  for (const scheme of ["light", "dark"] as const) {
    test(`the 375 px sheet, every view, in ${scheme}`, async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 740 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto("/lessons/redis-pubsub-on-the-wire");
      await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
      const panel = page.getByRole("complementary", { name: "Sandbox" });
      await panel.getByRole("button", { name: /Show the sandbox/ }).click();
      await panel.getByRole("button", { name: "Start sandbox" }).click();
      await expect(panel.locator(".topology")).toBeVisible();
      const views = panel.getByRole("navigation", { name: "Sandbox views" });
      for (const view of ["Overview", "A", "B", "Console", "Events"]) {
        await views.getByRole("button", { name: view, exact: true }).click();
        expect(await seriousViolations(page), view).toEqual([]);
      }
    });
  }
});

// The Korean site: its home, and lesson 7 with the sandbox running, light and dark.
test.describe("accessibility (Korean pages)", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "axe-core runs as a script in the page");

  for (const scheme of ["light", "dark"] as const) {
    test(`the Korean home and lesson 7 in ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto("/ko/");
      await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
      expect(await seriousViolations(page), "/ko/").toEqual([]);
      await page.goto("/ko/lessons/the-redis-pubsub-bridge");
      await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
      const panel = page.getByRole("complementary", { name: "샌드박스" });
      await panel.getByRole("button", { name: "샌드박스 시작" }).click();
      await expect(panel.locator(".topology")).toBeVisible();
      expect(await seriousViolations(page), "lesson 7").toEqual([]);
    });
  }
});

// The account pages, the achievements page, notifications, the report form and the
// instructors' page (as a learner sees it), with a refusal showing, light and dark.
test.describe("accessibility (account and achievements pages)", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "axe-core runs as a script in the page");
  const pages = [
    "/signin?error=wrong_password&username=ada",
    "/signup",
    "/account",
    "/achievements",
    "/reset-password?token=x",
    "/notifications",
    "/lessons/horizontal-scaling/report",
    "/reports",
  ];
  for (const scheme of ["light", "dark"] as const) {
    test(`in ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      for (const path of pages) {
        await page.goto(path);
        // Scanned as the learner meets it: hydrated, its own title in the tab.
        await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expect(page).toHaveTitle(/ · streamlab$/);
        expect(await seriousViolations(page), path).toEqual([]);
      }
    });
  }
});

async function seriousViolations(page: import("@playwright/test").Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}
