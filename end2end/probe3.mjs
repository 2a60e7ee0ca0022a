import { chromium } from "@playwright/test";
const lessons = ["push-not-poll","horizontal-scaling","redis-pubsub-on-the-wire","patterns-and-channel-design","socketio-redis-adapter","when-redis-blinks","the-redis-pubsub-bridge"];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
let fails = 0;
for (let round = 0; round < 6; round++) {
  const page = await browser.newPage();
  const logs = [];
  page.on("console", (m) => logs.push(m.type() + " " + m.text().slice(0, 300)));
  page.on("pageerror", (e) => logs.push("pageerror " + e.message.slice(0, 300)));
  for (const slug of lessons) {
    const resp = await page.goto("http://127.0.0.1:3320/lessons/" + slug);
    const info = resp ? resp.status() + " " + (resp.headers()["content-security-policy"] || "NO CSP").slice(0, 80) + " fromcache=" + resp.fromServiceWorker() : "no response";
    try {
      await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 8000 });
      await page.getByRole("button", { name: "Mark as read" }).click({ timeout: 3000 }).catch(() => {});
    } catch (e) {
      fails++;
      const body = resp ? await resp.text() : ""; console.log("NOT HYDRATED", round, slug, info, "nonce attrs:", (body.match(/nonce="/g) || []).length, "len", body.length, "reqheaders", JSON.stringify(resp.request().headers()).slice(0,300));
    }
  }
  await page.close();
}
console.log("fails", fails);
await browser.close();
