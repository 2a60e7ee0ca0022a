import { chromium } from "playwright";
const base = "http://127.0.0.1:3320";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const scheme of ["light", "dark"]) {
  for (const width of [375, 1280]) {
    const ctx = await b.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const p = await ctx.newPage();
    // Earn something: read two lessons.
    for (const slug of ["push-not-poll", "horizontal-scaling"]) {
      await p.goto(`${base}/lessons/${slug}`);
      await p.waitForSelector("html[data-hydrated]", { state: "attached" });
      await p.getByRole("button", { name: "Mark as read" }).click();
      await p.getByText("Read ✓ (10 XP)").waitFor();
    }
    await p.goto(`${base}/achievements`); await p.waitForTimeout(600);
    await p.screenshot({ path: `/tmp/shot-ach-${scheme}-${width}.png`, fullPage: width === 375 ? false : true });
    await p.goto(`${base}/signup?next=/`); await p.waitForTimeout(400);
    await p.screenshot({ path: `/tmp/shot-signup-${scheme}-${width}.png` });
    await p.goto(`${base}/signin?error=wrong_password&username=ada`); await p.waitForTimeout(400);
    await p.screenshot({ path: `/tmp/shot-signin-${scheme}-${width}.png` });
    await ctx.close();
  }
}
await b.close();
