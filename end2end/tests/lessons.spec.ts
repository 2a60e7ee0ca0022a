import { test, expect } from "../fixtures";

test("the home page lists the seven lessons in order", async ({ page }) => {
  await page.goto("/");
  const titles = page.locator(".lesson-card .lesson-title");
  await expect(titles).toHaveCount(7);
  await expect(titles.first()).toHaveText("Push, not poll");
  await expect(titles.last()).toHaveText("The Redis Pub/Sub bridge");
});

test("a lesson reads fine: position, title, tags, reading time and body", async ({ page }) => {
  await page.goto("/lessons/horizontal-scaling");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Horizontal scaling");
  await expect(page.locator(".lesson-position")).toContainText("Lesson 2 of 07");
  await expect(page.locator(".lesson-position")).toContainText("published");
  await expect(page.locator(".tag")).toHaveText(["scaling", "architecture", "redis"]);
  await expect(page.locator(".reading-time")).toContainText("min read");
  await expect(page.locator(".lesson-body")).toContainText("split-room problem");
  await expect(page).toHaveTitle("Horizontal scaling · streamlab");
});

test("following a link from the index opens the lesson", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Redis Pub/Sub on the wire" }).click();
  await expect(page).toHaveURL(/\/lessons\/redis-pubsub-on-the-wire$/);
  await expect(page.locator(".lesson-position")).toContainText("Lesson 3 of 07");
});

test("the next-lesson link walks the course", async ({ page }) => {
  await page.goto("/lessons/push-not-poll");
  await page.locator(".lesson-nav .next").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Horizontal scaling");
});

test("an unknown lesson is a 404 page", async ({ page }) => {
  const response = await page.goto("/lessons/no-such-lesson");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});
