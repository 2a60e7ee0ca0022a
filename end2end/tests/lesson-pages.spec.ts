import { test, expect } from "../fixtures";
import { lessons } from "../lessons";

// Every lesson reads complete from the server alone (and the same once hydrated).
for (const [index, slug] of lessons.entries()) {
  test(`lesson ${index + 1} shows its place, reading time, tags, code, diagrams, links and exercise`, async ({ page }) => {
    const response = await page.goto(`/lessons/${slug}`);
    expect(response?.status()).toBe(200);
    await expect(page.locator(".lesson-position")).toHaveText(`Lesson ${index + 1} of 07 · published`);
    await expect(page.locator(".reading-time")).toHaveText(/^\d+ min read$/);
    // Waiting assertions: a count read once could catch the page mid-hydration.
    await expect(page.locator(".tag").first()).toBeVisible();
    await expect(page.locator(".code-block .code-title").first()).not.toBeEmpty();
    await expect(page.locator(".code-block [class^='hl-']").first()).toBeVisible();
    await expect(page.locator(".diagram pre").first()).toBeVisible();
    await expect(page.locator(".further-reading a").first()).toBeVisible();
    await expect(page.locator(".exercise .check").first()).toBeVisible();
    await expect(page.locator(".exercise .check-text").first()).not.toBeEmpty();
  });
}

// The text travels once: as HTML, not again as hydration data (which once doubled the page).
test("a lesson's text is sent once, not repeated in the hydration data", async ({ page, request }) => {
  const html = await (await request.get("/lessons/the-redis-pubsub-bridge")).text();
  await page.goto("/lessons/the-redis-pubsub-bridge");
  const body = await page.locator(".lesson-body").evaluate((el) => el.innerHTML.length);
  expect(body).toBeGreaterThan(50_000);
  expect(html.length).toBeLessThan(body * 1.5);
});

test("a lesson reached by a link in the page (no reload) shows its text", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "client-side navigation needs JavaScript");
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
  await page.locator("a.lesson-title").nth(1).click();
  await expect(page).toHaveURL(/\/lessons\/horizontal-scaling$/);
  await expect(page.locator(".lesson-body .code-block").first()).toBeVisible();
});

// A link to a section (a heading's anchor, a notification's comment) lands there and stays
// there: the page going live must not take the lesson down and put it back (it once did, and
// the reader was thrown to the top).
test("a link to a section lands on it, and the page going live keeps it there", async ({ page, javaScriptEnabled }) => {
  await page.goto("/lessons/the-redis-pubsub-bridge#clean-start-and-stop");
  if (javaScriptEnabled) {
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
    // The panel's question for a running sandbox is the last thing the page does by itself.
    await expect(page.locator(".panel-status")).toHaveAttribute("data-phase", "not started");
  }
  await expect(page.locator("#clean-start-and-stop")).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
});

// The bundle's files are named by their hashes and kept a year: a learner coming back reads
// them from the browser's cache. The main script and bundle, whose names cargo-leptos does not
// keep true to their content, are asked again and answered 304: nothing is downloaded.
test("a second visit downloads none of the bundle's files", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "without JavaScript no bundle is loaded");
  const lesson = "/lessons/the-redis-pubsub-bridge";
  // The first visit: every file of the bundle may be kept a year, or is revalidated.
  const kept: Record<string, string | undefined> = {};
  page.on("response", (response) => {
    if (new URL(response.url()).pathname.startsWith("/pkg/")) kept[response.url()] = response.headers()["cache-control"];
  });
  await page.goto(lesson);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
  expect(Object.keys(kept).length).toBeGreaterThan(0);
  for (const [url, cacheControl] of Object.entries(kept)) expect(cacheControl, url).toMatch(/immutable|no-cache/);
  expect(Object.values(kept).filter((c) => c?.includes("immutable")).length, "the chunks at least").toBeGreaterThan(0);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const asked = new Map<string, string>();
  const fromCache = new Set<string>();
  cdp.on("Network.requestWillBeSent", (event) => {
    if (new URL(event.request.url).pathname.startsWith("/pkg/")) asked.set(event.requestId, event.request.url);
  });
  cdp.on("Network.requestServedFromCache", (event) => fromCache.add(event.requestId));
  cdp.on("Network.responseReceived", (event) => {
    if (event.response.fromDiskCache || event.response.fromPrefetchCache) fromCache.add(event.requestId);
  });
  // A 304: asked, and told the copy it has is current (the page sees it as the cached 200).
  cdp.on("Network.responseReceivedExtraInfo", (event) => {
    if (event.statusCode === 304) fromCache.add(event.requestId);
  });
  await page.goto(lesson);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
  // Everything asked has been answered.
  await page.waitForLoadState("networkidle");
  expect(asked.size, "the page still loads its bundle").toBeGreaterThan(0);
  const downloaded = [...asked].filter(([id]) => !fromCache.has(id)).map(([, url]) => url);
  expect(downloaded).toEqual([]);
});
