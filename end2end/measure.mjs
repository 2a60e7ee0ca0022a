// Prints what a first visit costs a learner, page by page: bytes on the wire (the page itself,
// and everything the visit loads until the page is hydrated), the number of requests, and the
// time to hydrated. Each visit is a fresh browser context (nothing cached), through Chromium's
// DevTools protocol: bytes are `encodedDataLength` (compressed, headers included), as DevTools'
// "transferred" column shows them.
//
//   node end2end/measure.mjs [BASE_URL] [--phone] [--runs N]
//
// BASE_URL defaults to http://127.0.0.1:3000 (`./scripts/run.sh`). `--phone` visits at 375 px
// with the CPU slowed 4×; otherwise at 1280 px, not slowed. With `--runs N` (default 3) each
// page is visited N times and the median time is printed (bytes do not vary).
//
// Then, per page, a repeat visit in the same context: how many of the bundle's files (`/pkg/…`)
// the server sent again, and their bytes, and how many it was asked about and answered 304.
//
// Last, the sandbox panel's own latency figure on lesson 7: a sandbox started, 20 messages sent
// from server A's pane to server B's, and the figure the panel shows (timed by the servers);
// with it, the bundle's weight on the wire: the main bundle every page loads, and what pressing
// "Start sandbox" loads (the running views' chunk, and the chunks it shares with other parts).
//
// A benchmark, not a test: it prints figures and asserts nothing.
import { chromium } from "@playwright/test";

const args = process.argv.slice(2);
const base = args.find((a) => a.startsWith("http")) ?? "http://127.0.0.1:3000";
const phone = args.includes("--phone");
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;

const lessons = ["push-not-poll", "the-redis-pubsub-bridge"];
const pages = [
  ["home", "/", "/ko/"],
  ...lessons.map((slug) => [`lesson ${slug}`, `/lessons/${slug}`, `/ko/lessons/${slug}`]),
];

async function visit(browser, path) {
  const context = await browser.newContext({
    viewport: phone ? { width: 375, height: 812 } : { width: 1280, height: 900 },
    // The reader's language is the URL's; the header only matters at `/`, kept English here.
    locale: "en-US",
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  if (phone) await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const requests = new Map();
  let documentBytes = 0;
  cdp.on("Network.requestWillBeSent", (e) => requests.set(e.requestId, { url: e.request.url, bytes: 0 }));
  cdp.on("Network.loadingFinished", (e) => {
    const request = requests.get(e.requestId);
    if (request) request.bytes = e.encodedDataLength;
  });
  const started = Date.now();
  const response = await page.goto(base + path, { waitUntil: "commit" });
  if (!response?.ok()) throw new Error(`${path}: ${response?.status()}`);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 60_000 });
  const hydratedMs = Date.now() - started;
  // What the visit fetched up to hydration has finished arriving.
  await page.waitForLoadState("networkidle");
  for (const request of requests.values()) {
    if (request.url === base + path) documentBytes = request.bytes;
  }
  const total = [...requests.values()].reduce((sum, r) => sum + r.bytes, 0);
  await context.close();
  return { hydratedMs, documentBytes, total, count: requests.size };
}

/// A second visit to `path` after a first in the same context: the `/pkg` files not read from
/// the browser's cache.
async function repeatVisit(browser, path) {
  const context = await browser.newContext({ viewport: phone ? { width: 375, height: 812 } : { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + path);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 60_000 });
  await page.waitForLoadState("networkidle");
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const sent = new Map();
  cdp.on("Network.requestWillBeSent", (e) => {
    if (new URL(e.request.url).pathname.startsWith("/pkg/")) sent.set(e.requestId, 0);
  });
  cdp.on("Network.requestServedFromCache", (e) => sent.delete(e.requestId));
  const cached = new Set();
  const notModified = new Set();
  cdp.on("Network.responseReceived", (e) => {
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) cached.add(e.requestId);
  });
  // A 304 (the page sees it as the cached 200): asked, nothing downloaded. Its extra info may
  // arrive before or after the request's other events.
  cdp.on("Network.responseReceivedExtraInfo", (e) => {
    if (e.statusCode === 304) notModified.add(e.requestId);
  });
  cdp.on("Network.loadingFinished", (e) => {
    if (sent.has(e.requestId)) sent.set(e.requestId, e.encodedDataLength);
  });
  await page.goto(base + path);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 60_000 });
  await page.waitForLoadState("networkidle");
  await context.close();
  const revalidated = [...sent.keys()].filter((id) => notModified.has(id)).length;
  const downloaded = [...sent].filter(([id]) => !cached.has(id) && !notModified.has(id));
  return { files: downloaded.length, bytes: downloaded.reduce((sum, [, bytes]) => sum + bytes, 0), revalidated };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kib = (bytes) => bytes.toLocaleString("en-US");
const percent = (ko, en) => `${ko >= en ? "+" : ""}${(((ko - en) / en) * 100).toFixed(1)}%`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
console.log(`${base}, ${phone ? "375 px, CPU slowed 4×" : "1280 px, CPU not slowed"}, ${runs} fresh visits a page`);
console.log("page | language | the page (bytes) | the whole visit (bytes, requests) | to hydrated (median ms)");
for (const [name, en, ko] of pages) {
  const measured = {};
  for (const [language, path] of [["en", en], ["ko", ko]]) {
    const visits = [];
    for (let i = 0; i < runs; i++) visits.push(await visit(browser, path));
    const last = visits.at(-1);
    measured[language] = last;
    console.log(
      `${name} | ${language} | ${kib(last.documentBytes)} | ${kib(last.total)}, ${last.count} | ` +
        `${median(visits.map((v) => v.hydratedMs))}`,
    );
  }
  const again = await repeatVisit(browser, en);
  console.log(
    `${name} | repeat visit | /pkg files sent again: ${again.files} (${kib(again.bytes)} bytes); ` +
      `revalidated (304): ${again.revalidated}`,
  );
  const { en: e, ko: k } = measured;
  console.log(
    `${name} | ko against en | ${percent(k.documentBytes, e.documentBytes)} | ${percent(k.total, e.total)} |`,
  );
}
/// The panel's "A↔B through Redis" line after 20 messages from A's pane to B's.
async function panelLatency(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const wasm = new Map();
  let started = false;
  cdp.on("Network.requestWillBeSent", (e) => {
    const name = new URL(e.request.url).pathname;
    if (name.startsWith("/pkg/") && name.endsWith(".wasm")) wasm.set(e.requestId, { name, onStart: started, bytes: 0 });
  });
  cdp.on("Network.loadingFinished", (e) => {
    if (wasm.has(e.requestId)) wasm.get(e.requestId).bytes = e.encodedDataLength;
  });
  await page.goto(base + "/lessons/the-redis-pubsub-bridge");
  await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 60_000 });
  await page.waitForLoadState("networkidle");
  const panel = page.getByRole("complementary", { name: "Sandbox" });
  started = true;
  await panel.getByRole("button", { name: "Start sandbox" }).click();
  const a = panel.getByRole("region", { name: "Server A" });
  const b = panel.getByRole("region", { name: "Server B" });
  for (const pane of [a, b]) {
    await pane.getByRole("button", { name: "Send" }).and(page.locator(":enabled")).waitFor({ timeout: 60_000 });
  }
  for (let i = 0; i < 20; i++) {
    const text = `measure ${i} ${Date.now()}`;
    await a.getByLabel("Message", { exact: true }).fill(text);
    await a.getByLabel("Message", { exact: true }).press("Enter");
    await b.getByText(text).waitFor({ timeout: 30_000 });
  }
  const summary = await panel.locator(".latency-summary").textContent();
  await context.close();
  const loaded = [...wasm.values()];
  const main = loaded.find((file) => /^\/pkg\/streamlab\.[^/]*wasm$/.test(file.name));
  const running = loaded.filter((file) => file.onStart);
  const views = running.find((file) => file.name.includes("split_running_views"));
  if (!main || !views) throw new Error(`the main bundle or the running views were not seen: ${loaded.map((f) => f.name)}`);
  const shared = running.filter((file) => file !== views).reduce((sum, file) => sum + file.bytes, 0);
  return { summary, main: main.bytes, views: views.bytes, shared };
}
const sandbox = await panelLatency(browser);
console.log(`panel | lesson 7 | ${sandbox.summary}`);
console.log(
  `bundle | on the wire (brotli) | main bundle, every page: ${kib(sandbox.main)} bytes; ` +
    `on "Start sandbox": the running views ${kib(sandbox.views)} bytes, and chunks shared with other parts ${kib(sandbox.shared)} bytes`,
);
await browser.close();
