import { test, expect } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { devServer } from "../servers";

// The development server (started with --watch-lessons on a copy of the lessons) reloads a
// lesson when its file is saved, and the open page shows the change without a reload.
test.describe("hot reload for authors", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "live update needs JavaScript");

  // The English file, and its Korean translation in lessons/ko/ (watched as well).
  for (const [name, file, path, saved] of [
    ["a lesson file", "02-horizontal-scaling.md", "/lessons/horizontal-scaling", "Freshly saved"],
    ["a translation", "ko/02-horizontal-scaling.md", "/ko/lessons/horizontal-scaling", "방금 저장했어요"],
  ]) {
    test(`saving ${name} updates the open page`, async ({ page }) => {
      const at = join(devServer.lessonsDir, file);
      const original = readFileSync(at, "utf8");
      try {
        // The page hears of a change only once its event stream is open: the answer's headers
        // come after the server has subscribed to the lessons' changes.
        const streamOpen = page.waitForResponse((response) => response.url().endsWith("/dev/lessons/changes"));
        await page.goto(`${devServer.url}${path}`);
        await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
        await streamOpen;
        const marker = `${saved} ${Date.now()}`;
        writeFileSync(at, `${original.trimEnd()}\n\n${marker}\n`);
        await expect(page.locator(".lesson-body")).toContainText(marker, { timeout: 20_000 });
      } finally {
        writeFileSync(at, original);
      }
    });
  }
});
