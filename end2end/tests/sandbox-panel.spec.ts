import { test, expect, type Page } from "@playwright/test";

// The sandbox panel, driven through the page alone: start the sandbox, chat across the two
// servers, stop and start Redis, and watch the server tick the exercise.
test.describe("sandbox panel (needs JavaScript)", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "the live sandbox needs JavaScript");

  async function start(page: Page, slug: string) {
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

  async function send(pane: ReturnType<Page["getByRole"]>, text: string) {
    await pane.getByLabel("Message", { exact: true }).fill(text);
    await pane.getByLabel("Message", { exact: true }).press("Enter");
  }

  test("lesson 7: a message crosses, stops crossing while Redis is down, and crosses again", async ({ page }) => {
    const { panel, a, b } = await start(page, "the-redis-pubsub-bridge");
    const exercise = panel.getByRole("region", { name: "Exercise" });

    await send(a, "hello from A");
    await expect(b.getByText("hello from A")).toBeVisible();
    await expect(exercise.locator(".check.passed")).toHaveCount(1);
    // The crossing was timed in the page, on one clock.
    await expect(panel.getByRole("region", { name: "Cross-server latency" })).toContainText(/p50 \d+\.\d ms/);

    await panel.getByRole("button", { name: "Stop Redis" }).click();
    await expect(panel.getByText("Redis is stopped")).toBeVisible();
    await send(a, "lost in the outage");
    await expect(a.getByText("lost in the outage")).toBeVisible();
    await expect(exercise.locator(".check.passed")).toHaveCount(2);
    await expect(b.getByText("lost in the outage")).toHaveCount(0);

    await panel.getByRole("button", { name: "Start Redis" }).click();
    await expect(panel.getByText("Redis is running")).toBeVisible();
    // The bridge comes back by itself; keep sending until a message crosses.
    await expect(async () => {
      const text = `back ${Date.now()}`;
      await send(a, text);
      await expect(b.getByText(text)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(exercise.getByText("Exercise complete")).toBeVisible();
    await expect(panel.getByRole("region", { name: "Event timeline" }).getByText("Redis stopped")).toBeVisible();
    await expect(panel.getByText(/^Time left: 1 h \d+ min$/)).toBeVisible();

    // Practise again: the checks start over, and the first one passes on a new message.
    await panel.getByRole("button", { name: "Reset exercise" }).click();
    await expect(exercise.locator(".check.passed")).toHaveCount(0);
    await send(a, "once more");
    await expect(exercise.locator(".check.passed")).toHaveCount(1);
  });

  test("a reload finds the running sandbox again", async ({ page }) => {
    const { panel, a } = await start(page, "socketio-redis-adapter");
    await send(a, "before the reload");
    await expect(a.getByText("before the reload")).toBeVisible();
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
    await expect(panel.getByRole("region", { name: "Server A" }).getByRole("button", { name: "Send" })).toBeEnabled();
    await expect(panel.getByRole("button", { name: "Start sandbox" })).toHaveCount(0);
  });
});

test("without JavaScript the panel says the live sandbox needs it, and lists the checks", async ({ page, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, "the JavaScript-off view");
  await page.goto("/lessons/the-redis-pubsub-bridge");
  const panel = page.getByRole("complementary", { name: "Sandbox" });
  await expect(panel.getByText("needs JavaScript")).toBeVisible();
  await expect(panel.getByRole("region", { name: "Exercise" }).locator(".check")).toHaveCount(3);
});
