import { test, expect } from "../fixtures";

// The theme toggle only works once the wasm bundle has hydrated the page: clicking it and seeing
// the page change is the proof that hydration happened (a page that merely renders proves SSR).
test.describe("theme toggle (needs hydration)", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "a control that needs JavaScript");

  test("switches to dark, and remembers the choice across a reload", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

    await page.goto("/lessons/push-not-poll");
    const html = page.locator("html");
    const toggle = page.getByTestId("theme-toggle");
    await expect(html).not.toHaveAttribute("data-theme", "dark");

    // A click before hydration would do nothing: wait for the app's own marker first.
    await expect(html).toHaveAttribute("data-hydrated", "");
    await toggle.click();
    await expect(html).toHaveAttribute("data-theme", "dark");
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(toggle).toContainText("Light theme");

    await page.reload();
    await expect(html).toHaveAttribute("data-theme", "dark");
    await expect(html).toHaveAttribute("data-hydrated", "");
    await expect(toggle).toHaveAttribute("aria-pressed", "true");

    await toggle.click();
    await expect(html).toHaveAttribute("data-theme", "light");
    expect(errors, "no errors in the browser console").toEqual([]);
  });

  test("with no choice saved, the toggle offers the theme the system does not show", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
    const toggle = page.getByTestId("theme-toggle");
    await expect(toggle).toContainText("Light theme");
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await toggle.click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  });
});
