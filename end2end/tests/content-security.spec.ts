import { test, expect } from "../fixtures";

// Every page carries a Content-Security-Policy around a per-request nonce. A script Leptos
// writes without that nonce would be blocked, and the page would silently stop hydrating.
test.describe("content security policy (needs hydration)", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "hydration needs JavaScript");

  for (const path of ["/", "/lessons/the-redis-pubsub-bridge", "/lessons/no-such-lesson"]) {
    test(`${path} hydrates with nothing blocked by the policy`, async ({ page }) => {
      const blocked: string[] = [];
      page.on("console", (message) => {
        if (message.text().includes("Content Security Policy")) blocked.push(message.text());
      });
      const response = await page.goto(path);
      expect(response?.headers()["content-security-policy"]).toContain("'nonce-");
      await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
      expect(blocked).toEqual([]);
    });
  }
});
