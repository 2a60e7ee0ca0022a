import { test, expect } from "../fixtures";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { devServer } from "../servers";

// The development server (started with --watch-lessons on a copy of the lessons) reloads a
// lesson when its file is saved, and the open page shows the change without a reload.
test.describe("hot reload for authors", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "live update needs JavaScript");

  test("saving a lesson file updates the open page", async ({ page }) => {
    const file = join(devServer.lessonsDir, "02-horizontal-scaling.md");
    const original = readFileSync(file, "utf8");
    try {
      // The page hears of a change only once its event stream is open: the answer's headers
      // come after the server has subscribed to the lessons' changes.
      const streamOpen = page.waitForResponse((response) => response.url().endsWith("/dev/lessons/changes"));
      await page.goto(`${devServer.url}/lessons/horizontal-scaling`);
      await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
      await streamOpen;
      const marker = `Freshly saved ${Date.now()}`;
      writeFileSync(file, `${original.trimEnd()}\n\n${marker}\n`);
      await expect(page.locator(".lesson-body")).toContainText(marker, { timeout: 20_000 });
    } finally {
      writeFileSync(file, original);
    }
  });
});
