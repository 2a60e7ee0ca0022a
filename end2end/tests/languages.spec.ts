import { test, expect } from "../fixtures";
import { finishedBridge } from "../panel";

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
    const toEnglish = page.getByTestId("language-switch");
    if (javaScriptEnabled) {
      await page.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: "start" }), section);
      // Once the reader rests on a section, the switcher's link carries it.
      await expect(toEnglish).toHaveAttribute("href", new RegExp(`#${section}$`));
    }
    await toEnglish.click();
    await expect(page).toHaveURL(
      javaScriptEnabled ? new RegExp(`/lessons/the-redis-pubsub-bridge#${section}$`) : /\/lessons\/the-redis-pubsub-bridge$/,
    );
    expect(new URL(page.url()).pathname).toBe("/lessons/the-redis-pubsub-bridge");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    if (javaScriptEnabled) {
      // On screen too, not only in the address: still there once the page is live and its panel
      // has asked for a running sandbox (the last thing the page does by itself).
      await expect(page.locator(".panel-status")).toHaveAttribute("data-phase", "not started");
      await expect(page.locator(`#${section}`)).toBeInViewport();
    }
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

// The panel in Korean: lesson 7's exercise solved end to end (a crossing, an outage, the bridge
// coming back, then the learner's own server A), its checks, timeline and toast in Korean, and
// the same XP on the English page after.
test.describe("the sandbox panel in Korean (needs JavaScript)", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "the live sandbox needs JavaScript");

  test("lesson 7's exercise, solved in Korean", async ({ page }) => {
    test.slow();
    await page.goto("/ko/lessons/the-redis-pubsub-bridge");
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
    const panel = page.getByRole("complementary", { name: "샌드박스" });
    await panel.getByRole("button", { name: "샌드박스 시작" }).click();
    const a = panel.getByRole("region", { name: "서버 A", exact: true });
    const b = panel.getByRole("region", { name: "서버 B", exact: true });
    await expect(a.getByRole("button", { name: "보내기" })).toBeEnabled();
    await expect(b.getByRole("button", { name: "보내기" })).toBeEnabled();
    const exercise = panel.getByRole("region", { name: "실습" });
    await expect(exercise).toContainText("서버 A에서 메시지를 보내고");
    const send = async (pane: typeof a, text: string) => {
      await pane.getByLabel("메시지", { exact: true }).fill(text);
      await pane.getByLabel("메시지", { exact: true }).press("Enter");
    };
    const crossUntilSeen = async (from: typeof a, to: typeof a, label: string) => {
      await expect(async () => {
        const text = `${label} ${Date.now()}`;
        await send(from, text);
        await expect(to.getByText(text)).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 20_000 });
    };
    const restartRedis = async () => {
      await panel.getByRole("button", { name: "Redis 중지" }).click();
      await expect(panel.getByText("Redis가 멈춰 있어요", { exact: false }).first()).toBeVisible();
      await panel.getByRole("button", { name: "Redis 시작" }).click();
      await expect(panel.getByText("Redis가 실행 중이에요").first()).toBeVisible();
    };

    await send(a, "A에서 안녕");
    await expect(b.getByText("A에서 안녕")).toBeVisible();
    await expect(exercise.locator(".check.passed")).toHaveCount(1);

    await panel.getByRole("button", { name: "Redis 중지" }).click();
    await expect(panel.getByText("Redis가 멈춰 있어요", { exact: false }).first()).toBeVisible();
    await send(a, "장애 중에 사라질 메시지");
    await expect(exercise.locator(".check.passed")).toHaveCount(2);
    await panel.getByRole("button", { name: "Redis 시작" }).click();
    await crossUntilSeen(a, b, "돌아왔어요");
    await expect(exercise.locator(".check.passed")).toHaveCount(3);
    await expect(page.locator(".toasts")).toContainText("업적 달성: 깜빡임을 견디다 (+30 XP)");

    const own = panel.getByRole("region", { name: "내 서버 A" });
    const log = own.getByRole("region", { name: "서버 A 로그" });
    await own.getByRole("button", { name: "실행" }).click();
    await expect(log).toContainText("내 서버가 응답해요");
    await crossUntilSeen(b, a, "B에서 내 코드로");
    await own.getByLabel("bridge.py").fill(finishedBridge);
    await own.getByRole("button", { name: "실행" }).click();
    await expect(log.getByText("내 서버가 응답해요", { exact: false })).toHaveCount(2);
    await crossUntilSeen(b, a, "고친 A로");
    await restartRedis();
    await crossUntilSeen(b, a, "재시작 뒤 B에서 A로");
    await expect(exercise.getByText("실습 완료!", { exact: false })).toBeVisible();

    const timeline = panel.getByRole("region", { name: "이벤트 타임라인" });
    await expect(timeline.getByText("Redis가 멈췄어요", { exact: false }).first()).toBeVisible();
    const bar = page.getByRole("region", { name: "내 진행 상황" });
    await expect(bar.locator(".level-xp")).toHaveText("120 XP");
    await expect(bar).toContainText("레벨 1 · 리스너");

    // The same lesson in English: the same XP, the exercise complete.
    await page.getByTestId("language-switch").click();
    await expect(page).toHaveURL(/\/lessons\/the-redis-pubsub-bridge(#.*)?$/);
    await expect(page.getByRole("region", { name: "Your progress" }).locator(".level-xp")).toHaveText("120 XP");
  });
});
