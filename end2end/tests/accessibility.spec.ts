import { test, expect } from "@playwright/test";
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
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
        const serious = results.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
        expect(serious).toEqual([]);
      });
    }
  }
});
