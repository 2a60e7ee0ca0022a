import { test, expect, type Browser, type BrowserContext } from "../fixtures";
import { signUp, uniqueName } from "../learners";
import { crossUntilSeen, finishedBridge, restartRedis, send, startSandbox } from "../panel";
import { clusterServer } from "../servers";
import { bellOf, postComment, replyTo } from "../thread";

// The site as a cluster serves it: two nodes sharing PostgreSQL and a platform Redis, behind
// HAProxy (scripts/cluster.sh with deploy/haproxy-config.sh). Every request below goes through
// the proxy: the pages, the panel's server functions, its live stream, the chat clients' and
// the console's WebSockets. Two learners on different nodes: one solves lesson 7 on hers, the
// other replies to her comment from his, and her bell rings without a reload.

const LESSON = "the-redis-pubsub-bridge";

/// A new learner whose browser the proxy sends to `node` (the `node` cookie the app sets, set
/// here before the first request instead of left to the proxy's round robin).
async function learnerOn(browser: Browser, node: string, prefix: string, project: string) {
  const context = await browser.newContext({ baseURL: clusterServer.url });
  await context.addCookies([{ name: "node", value: node, url: clusterServer.url }]);
  const page = await context.newPage();
  await signUp(page, uniqueName(prefix, project), LESSON, true);
  return { context, page };
}

/// The node that answered this browser last: every node names itself in the cookie when the
/// request named another.
async function nodeOf(context: BrowserContext) {
  return (await context.cookies(clusterServer.url)).find((cookie) => cookie.name === "node")?.value;
}

test("through the proxy: lesson 7 solved on one node, and a reply from the other rings the bell", async ({
  browser,
  javaScriptEnabled,
}, info) => {
  test.skip(!javaScriptEnabled, "the live sandbox needs JavaScript");
  // Two Redis restarts and two runs of the learner's server, as in the panel's own test.
  test.slow();
  const [first, second] = clusterServer.nodes;
  const ann = await learnerOn(browser, first, "ann", info.project.name);
  const bob = await learnerOn(browser, second, "bob", info.project.name);
  expect(await nodeOf(ann.context)).toBe(first);
  expect(await nodeOf(bob.context)).toBe(second);

  // Ann solves lesson 7's exercise on her node.
  const { panel, a, b } = await startSandbox(ann.page, LESSON);
  const exercise = panel.getByRole("region", { name: "Exercise" });
  await send(a, "hello through the proxy");
  await expect(b.getByText("hello through the proxy")).toBeVisible();
  await panel.getByRole("button", { name: "Stop Redis" }).click();
  await expect(panel.getByText("Redis is stopped")).toBeVisible();
  await send(a, "lost in the outage");
  await expect(a.getByText("lost in the outage")).toBeVisible();
  await panel.getByRole("button", { name: "Start Redis" }).click();
  await expect(panel.getByText("Redis is running")).toBeVisible();
  await crossUntilSeen(a, b, "back");
  await expect(exercise.locator(".check.passed")).toHaveCount(3);
  const own = panel.getByRole("region", { name: "Your server A" });
  const log = own.getByRole("region", { name: "Server A log" });
  await own.getByLabel("bridge.py").fill(finishedBridge);
  await own.getByRole("button", { name: "Run" }).click();
  await expect(log).toContainText("Your server is answering");
  await crossUntilSeen(b, a, "B to the fixed A");
  await restartRedis(panel);
  await crossUntilSeen(b, a, "B to A after the restart");
  await expect(exercise.getByText("Exercise complete")).toBeVisible();
  const bar = ann.page.getByRole("region", { name: "Your progress" });
  await expect(bar.locator(".level-xp")).toHaveText("120 XP");
  // Every request of hers, the sockets' among them, stayed on her node.
  expect(await nodeOf(ann.context)).toBe(first);

  // Her comment; Bob, on the other node, replies; the news crosses between the nodes over the
  // platform Redis and reaches her page's live stream.
  const question = `Does the reply find me on another node? ${Date.now()}`;
  await postComment(ann.page, question);
  const bell = bellOf(ann.page);
  await expect(bell).toHaveAccessibleName("Notifications (0 unread)");

  await bob.page.reload();
  await expect(bob.page.locator("html")).toHaveAttribute("data-hydrated", "");
  const bobThread = await replyTo(bob.page, question, "It does: over the platform Redis.");
  await expect(bobThread.getByText("It does: over the platform Redis.")).toBeVisible();
  expect(await nodeOf(bob.context)).toBe(second);

  await expect(bell).toHaveAccessibleName("Notifications (1 unread)");

  await ann.context.close();
  await bob.context.close();
});
