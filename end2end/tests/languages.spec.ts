import { test, expect } from "@playwright/test";

// The site in Korean: a reader whose browser prefers Korean lands on /ko/, reads lesson 7 in
// Korean, earns its reading XP, then switches to English on the same lesson (with JavaScript, at
// the same section) and sees the same XP. With JavaScript and without.
test.describe("a reader whose browser prefers Korean", () => {
  test.use({ locale: "ko-KR" });

  test("lands on /ko/, reads lesson 7 in Korean and switches to English keeping the lesson and XP", async ({
    page,
    javaScriptEnabled,
  }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/ko\/$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stream: 실시간 WebSocket 서버 확장하기");

    await page.getByRole("link", { name: "Redis Pub/Sub 브리지", exact: true }).click();
    await expect(page).toHaveURL(/\/ko\/lessons\/the-redis-pubsub-bridge$/);
    if (javaScriptEnabled) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Redis Pub/Sub 브리지");
    await expect(page.locator(".lesson-position")).toContainText("레슨 7 / 07");
    const bar = page.getByRole("region", { name: "내 진행 상황" });
    await expect(bar).toContainText("레벨 0 · 폴러 — 0 XP");

    await page.getByRole("button", { name: "읽음으로 표시" }).click();
    await expect(page.getByText("읽음 ✓ (10 XP)")).toBeVisible();
    await expect(bar.locator(".level-xp")).toHaveText("10 XP");
    await expect(page).toHaveURL(/\/ko\/lessons\/the-redis-pubsub-bridge/);

    // The section being read comes along with JavaScript; without it, the same lesson.
    const section = "clean-start-and-stop";
    if (javaScriptEnabled) {
      await page.locator(`#${section}`).scrollIntoViewIfNeeded();
      await page.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: "start" }), section);
    }
    await page.getByTestId("language-switch").click();
    await expect(page).toHaveURL(
      javaScriptEnabled ? new RegExp(`/lessons/the-redis-pubsub-bridge#${section}$`) : /\/lessons\/the-redis-pubsub-bridge$/,
    );
    expect(new URL(page.url()).pathname).toBe("/lessons/the-redis-pubsub-bridge");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("The Redis Pub/Sub bridge");
    const englishBar = page.getByRole("region", { name: "Your progress" });
    await expect(englishBar.locator(".level-xp")).toHaveText("10 XP");
    await expect(page.getByText("Read ✓ (10 XP)")).toBeVisible();

    // The choice is kept: the home page now stays English for this reader.
    await page.goto("/");
    await expect(page).toHaveURL(/\/$/);
    expect(new URL(page.url()).pathname).toBe("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });
});

test("an English reader lands on the English home and can switch to Korean", async ({ page, javaScriptEnabled }) => {
  await page.goto("/lessons/push-not-poll");
  if (javaScriptEnabled) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const toKorean = page.getByTestId("language-switch");
  await expect(toKorean).toHaveText("한국어");
  await expect(toKorean).toHaveAttribute("hreflang", "ko");
  await toKorean.click();
  await expect(page).toHaveURL(/\/ko\/lessons\/push-not-poll$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByTestId("language-switch")).toHaveText("English");
  // Links on a Korean page stay Korean.
  await page.getByRole("link", { name: "streamlab" }).click();
  await expect(page).toHaveURL(/\/ko\/?$/);
});
