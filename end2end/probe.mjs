import { chromium } from "@playwright/test";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();
page.on("console", (m) => console.log("console", m.type(), m.text().slice(0, 400)));
page.on("pageerror", (e) => console.log("pageerror", e.message.slice(0, 400)));
await page.goto("http://127.0.0.1:3320/lessons/" + (process.argv[2] ?? "horizontal-scaling"));
await page.waitForTimeout(4000);
console.log("hydrated:", await page.locator("html").getAttribute("data-hydrated"));
await browser.close();
