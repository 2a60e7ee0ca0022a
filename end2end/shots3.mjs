import { chromium } from "playwright-core";
const base = process.argv[2];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync"] });
for (const [w, h] of [[1280, 900], [375, 800]]) {
  for (const scheme of ["light", "dark"]) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme });
    const page = await ctx.newPage();
    await page.goto(base + "/lessons/redis-pubsub-on-the-wire");
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    const panel = page.getByRole("complementary", { name: "Sandbox" });
    await panel.getByRole("button", { name: "Start sandbox" }).click();
    const a = panel.getByRole("region", { name: "Server A" });
    await a.getByRole("button", { name: "Send" }).waitFor();
    const c = panel.getByRole("region", { name: "Redis console" });
    await page.waitForTimeout(500);
    await c.getByLabel("Command").fill("SUBSCRIBE ws:room:lobby"); await c.getByLabel("Command").press("Enter");
    await page.waitForTimeout(300);
    await a.getByLabel("Message", { exact: true }).fill("hello from A");
    await a.getByLabel("Message", { exact: true }).press("Enter");
    await page.waitForTimeout(300);
    await c.getByLabel("Command").fill("PUBLISH ws:room:lobby \"hi console\""); await c.getByLabel("Command").press("Enter");
    await page.waitForTimeout(300);
    await c.getByLabel("Command").fill("KEYS *"); await c.getByLabel("Command").press("Enter");
    await page.waitForTimeout(300);
    await c.scrollIntoViewIfNeeded();
    await c.screenshot({ path: `/tmp/console-${w}-${scheme}.png` });
    await ctx.close();
  }
}
await browser.close();
