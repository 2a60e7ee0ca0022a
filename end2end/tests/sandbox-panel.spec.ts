import { test, expect, type Page } from "../fixtures";
import { crossUntilSeen, finishedBridge, restartRedis, send, startSandbox as start } from "../panel";

// The sandbox panel, driven through the page alone: start the sandbox, chat across the two
// servers, stop and start Redis, and watch the server tick the exercise.
test.describe("sandbox panel (needs JavaScript)", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "the live sandbox needs JavaScript");

  test("lesson 7: a message crosses, stops crossing while Redis is down, and crosses again; then your own server A", async ({ page }) => {
    // Three Redis restarts and two runs of the learner's server: more than the default 30 s on a busy machine.
    test.slow();
    const { panel, a, b } = await start(page, "the-redis-pubsub-bridge");
    const exercise = panel.getByRole("region", { name: "Exercise" });

    await send(a, "hello from A");
    await expect(b.getByText("hello from A")).toBeVisible();
    await expect(exercise.locator(".check.passed")).toHaveCount(1);
    // The sandbox timed the crossing (from server A reading it to server B handing it on).
    await expect(panel.getByRole("region", { name: "Cross-server latency" })).toContainText(/p50 \d+\.\d ms/);

    await panel.getByRole("button", { name: "Stop Redis" }).click();
    await expect(panel.getByText("Redis is stopped")).toBeVisible();
    await send(a, "lost in the outage");
    await expect(a.getByText("lost in the outage")).toBeVisible();
    await expect(exercise.locator(".check.passed")).toHaveCount(2);
    await expect(b.getByText("lost in the outage")).toHaveCount(0);

    await panel.getByRole("button", { name: "Start Redis" }).click();
    await expect(panel.getByText("Redis is running")).toBeVisible();
    // The bridge comes back by itself; keep sending until a message crosses.
    await expect(async () => {
      const text = `back ${Date.now()}`;
      await send(a, text);
      await expect(b.getByText(text)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(exercise.locator(".check.passed")).toHaveCount(3);
    // The outage survived raises its achievement now: its toast is asserted here, while it
    // shows (it leaves after 8 s), not at the end of the test.
    await expect(page.locator(".toasts")).toContainText("Achievement unlocked: Weathered the blink (+30 XP)");

    // Your server A: the starting code runs as server A, and A's client reconnects to it.
    const own = panel.getByRole("region", { name: "Your server A" });
    const log = own.getByRole("region", { name: "Server A log" });
    await own.getByRole("button", { name: "Run" }).click();
    await expect(own.getByRole("status")).toContainText("Running");
    await expect(log).toContainText("Your server is answering");
    await crossUntilSeen(a, b, "A to your code's B");
    await crossUntilSeen(b, a, "B to your code's A");
    // Its listener never subscribes again: after a restart, B's messages stop reaching A.
    await restartRedis(panel);
    await expect(async () => {
      await send(a, `ping ${Date.now()}`);
      await expect(log).toContainText("listener stopped", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await send(b, "does A hear me?");
    await page.waitForTimeout(1_500);
    await expect(a.getByText("does A hear me?")).toHaveCount(0);
    await expect(exercise.locator(".check.passed")).toHaveCount(3);
    // Fixed in the editor (a listener that subscribes again), run, and the same outage recovers.
    await own.getByLabel("bridge.py").fill(finishedBridge);
    await own.getByRole("button", { name: "Run" }).click();
    await expect(log.getByText("Your server is answering", { exact: false })).toHaveCount(2);
    await crossUntilSeen(b, a, "B to the fixed A");
    await restartRedis(panel);
    await crossUntilSeen(b, a, "B to A after the restart");
    await expect(exercise.getByText("Exercise complete")).toBeVisible();
    // The exercise's XP and the achievements the sandbox earned reach the level bar over the
    // page's live stream, without a reload: 50 for the exercise, and 10 + 20 + 30 + 10 for a
    // first message, a first crossing, an outage survived and a first exercise.
    const bar = page.getByRole("region", { name: "Your progress" });
    await expect(bar.locator(".level-xp")).toHaveText("120 XP");
    await expect(bar).toContainText("Level 1 · Listener");
    await expect(panel.getByRole("region", { name: "Event timeline" }).getByText("Redis stopped").first()).toBeVisible();
    await expect(panel.getByRole("region", { name: "Event timeline" })).toContainText("Your server A answered in");
    await expect(panel.getByText(/^Time left: 1 h \d+ min$/)).toBeVisible();

    // Practise again: the checks start over, and the first one passes on a new message.
    await panel.getByRole("button", { name: "Reset exercise" }).click();
    await expect(exercise.locator(".check.passed")).toHaveCount(0);
    await send(a, "once more");
    await expect(exercise.locator(".check.passed")).toHaveCount(1);

    // What stays after the toasts have gone: the achievement, on its page.
    const achievements = await page.context().newPage();
    await achievements.goto("/achievements");
    await expect(achievements.locator(".achievement.unlocked", { hasText: "Weathered the blink" })).toHaveCount(1);
    await achievements.close();
  });

  async function addClient(pane: ReturnType<Page["getByRole"]>, user: string, room: string) {
    const form = pane.locator("details.add-client");
    if ((await form.getAttribute("open")) === null) await form.locator("summary").click();
    await pane.getByLabel("User name").fill(user);
    await pane.getByLabel("Room").fill(room);
    await pane.getByRole("button", { name: "Connect", exact: true }).click();
    await expect(pane.locator(`.chat-client[data-user="${user}"] .presence.online`)).toHaveCount(1);
  }

  test("lesson 1: two clients in one room hear each other, a third in another room does not", async ({ page }) => {
    const { panel, a } = await start(page, "push-not-poll");
    const exercise = panel.getByRole("region", { name: "Exercise" });
    await addClient(a, "alan", "lobby");
    await send(a, "lobby news");
    await expect(a.locator('.chat-client[data-user="alan"]').getByText("lobby news")).toBeVisible();
    await expect(exercise.locator(".check.passed")).toHaveCount(1);
    await addClient(a, "kim", "kitchen");
    await send(a, "more lobby news");
    await expect(exercise.locator(".check.passed")).toHaveCount(2);
    await expect(a.locator('.chat-client[data-user="kim"]').getByText("more lobby news")).toHaveCount(0);
    await expect(exercise.getByText("Exercise complete")).toBeVisible();
  });

  test("lesson 2: no bridge splits the room, switching it on makes messages cross", async ({ page }) => {
    const { panel, a, b } = await start(page, "horizontal-scaling");
    const exercise = panel.getByRole("region", { name: "Exercise" });
    await send(a, "anyone on B?");
    await expect(exercise.locator(".check.passed")).toHaveCount(1);
    await expect(b.getByText("anyone on B?")).toHaveCount(0);
    await panel.getByRole("combobox", { name: "Bridge mode" }).selectOption("pubsub");
    await expect(exercise.locator(".check.passed")).toHaveCount(2);
    await expect(async () => {
      const text = `across ${Date.now()}`;
      await send(a, text);
      await expect(b.getByText(text)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(exercise.getByText("Exercise complete")).toBeVisible();
  });

  test("lesson 5: rooms keep their meaning across servers, a local emit stays home, a room per user, a session, and an inbox that waits", async ({ page }) => {
    // Seven checks, two panes and a move between them: more than 30 s on a busy machine.
    test.slow();
    const { panel, a, b } = await start(page, "socketio-redis-adapter");
    const exercise = panel.getByRole("region", { name: "Exercise" });
    await send(a, "to the lobby");
    await expect(b.getByText("to the lobby")).toBeVisible();
    await expect(exercise.locator(".check.passed")).toHaveCount(1);
    await addClient(b, "kim", "kitchen");
    await send(a, "lobby only");
    await expect(exercise.locator(".check.passed")).toHaveCount(2);
    await a.getByLabel("Local only").first().check();
    await send(a, "stays on A");
    await expect(exercise.locator(".check.passed")).toHaveCount(3);
    await expect(b.getByText("stays on A")).toHaveCount(0);

    // A private message: Linus's room on B, addressed from A.
    await addClient(b, "linus", "user:linus");
    await addClient(a, "ken", "user:linus");
    await a.getByLabel("Message from ken").fill("just for you, Linus");
    await a.getByLabel("Message from ken").press("Enter");
    await expect(b.locator('.chat-client[data-user="linus"]').getByText("just for you, Linus")).toBeVisible();
    await expect(b.locator('.chat-client[data-user="grace"]').getByText("just for you, Linus")).toHaveCount(0);
    await expect(exercise.locator(".check.passed")).toHaveCount(4);

    // The session a reconnecting client presents: a hash with a lifetime.
    const console = panel.getByRole("region", { name: "Redis console" });
    await expect(console.getByRole("button", { name: "Run" })).toBeEnabled();
    await run(console, "HSET session:s1 user linus");
    await expect(exercise.locator(".check.passed")).toHaveCount(5);
    await run(console, "EXPIRE session:s1 604800");
    await run(console, "TTL session:s1");
    await expect(exercise.locator(".check.passed")).toHaveCount(6);

    // The sandbox keeps sessions and inboxes as the lesson does: Linus leaves, ken writes three
    // times, and Linus comes back on the other server with his session.
    const linus = b.locator('.chat-client[data-user="linus"]');
    await expect(linus.getByRole("button", { name: "Move to server A" })).toBeVisible();
    await linus.getByRole("button", { name: "Disconnect" }).click();
    await expect(linus.getByRole("button", { name: "Connect" })).toBeVisible();
    const notes = ["first while away", "second while away", "third while away"];
    for (const note of notes) {
      await a.getByLabel("Message from ken").fill(note);
      await a.getByLabel("Message from ken").press("Enter");
      await expect(a.locator('.chat-client[data-user="ken"]').getByText(note)).toBeVisible();
    }
    await linus.getByRole("button", { name: "Move to server A" }).click();
    const back = a.locator('.chat-client[data-user="linus"]');
    for (const note of notes) {
      await expect(back.getByText(note)).toBeVisible();
    }
    await expect(back.getByText("kept for you")).toHaveCount(3);
    await expect(b.locator('.chat-client[data-user="linus"]')).toHaveCount(0);
    await expect(exercise.getByText("Exercise complete")).toBeVisible();
  });

  test("lesson 6: an outage loses messages in Pub/Sub mode and none in Streams mode", async ({ page }) => {
    const { panel, a, b } = await start(page, "when-redis-blinks");
    const exercise = panel.getByRole("region", { name: "Exercise" });
    const counters = panel.locator(".counters");
    await panel.getByRole("button", { name: "Stop Redis" }).click();
    await expect(panel.getByText("Redis is stopped")).toBeVisible();
    await send(a, "lost in Pub/Sub");
    await expect(exercise.locator(".check.passed")).toHaveCount(1);
    await expect(counters.locator("div", { hasText: "lost" }).locator("dd")).toHaveText("1");
    await panel.getByRole("button", { name: "Start Redis" }).click();
    await expect(panel.getByText("Redis is running")).toBeVisible();

    await panel.getByRole("combobox", { name: "Bridge mode" }).selectOption("streams");
    await expect(exercise.locator(".check.passed")).toHaveCount(2);
    await panel.getByRole("button", { name: "Stop Redis" }).click();
    await expect(panel.getByText("Redis is stopped")).toBeVisible();
    await send(a, "kept in Streams");
    await expect(b.getByText("kept in Streams")).toHaveCount(0);
    await panel.getByRole("button", { name: "Start Redis" }).click();
    await expect(b.getByText("kept in Streams")).toBeVisible({ timeout: 15_000 });
    await expect(exercise.locator(".check.passed")).toHaveCount(3);
    await expect(counters.locator("div", { hasText: "lost" }).locator("dd")).toHaveText("1");

    // A work queue on a stream: one job, taken by one worker of a group, acknowledged.
    const console = panel.getByRole("region", { name: "Redis console" });
    const transcript = console.getByRole("list", { name: "Console transcript" });
    await run(console, "XGROUP CREATE jobs workers $ MKSTREAM");
    await run(console, "XADD jobs 1-1 task resize");
    await run(console, "XREADGROUP GROUP workers w1 COUNT 1 STREAMS jobs >");
    await expect(transcript.getByText('"resize"').first()).toBeVisible();
    await run(console, "XACK jobs workers 1-1");
    await expect(exercise.getByText("Exercise complete")).toBeVisible();
  });

  async function run(console: ReturnType<Page["getByRole"]>, line: string) {
    await console.getByLabel("Command").fill(line);
    await console.getByLabel("Command").press("Enter");
  }

  test("lesson 3: through the console, a subscribe frame, a raw message frame, and PUBLISH reaching both servers", async ({ page }) => {
    const { panel, a } = await start(page, "redis-pubsub-on-the-wire");
    const exercise = panel.getByRole("region", { name: "Exercise" });
    const console = panel.getByRole("region", { name: "Redis console" });
    const transcript = console.getByRole("list", { name: "Console transcript" });
    // The console opened its connection with HELLO 3, and shows the RESP3 map it got.
    await expect(transcript.getByText('"proto" => (integer) 3')).toBeVisible();
    await expect(console.getByRole("button", { name: "Run" })).toBeEnabled();

    await run(console, "SUBSCRIBE ws:room:lobby");
    await expect(transcript.locator(".push-badge", { hasText: "push · subscribe" })).toBeVisible();
    // The raw bytes, with each \r\n shown.
    await expect(transcript.locator(".console-raw").last()).toContainText(">3\\r\\n$9\\r\\nsubscribe\\r\\n");
    await expect(exercise.locator(".check.passed")).toHaveCount(1);

    await send(a, "seen on the wire");
    await expect(transcript.locator(".console-received.push", { hasText: "seen on the wire" })).toBeVisible();
    await expect(exercise.locator(".check.passed")).toHaveCount(2);

    await run(console, 'PUBLISH ws:room:lobby "hello from the console"');
    await expect(transcript.getByText("(integer) 3", { exact: true })).toBeVisible();
    await expect(a.getByText("hello from the console")).toBeVisible();
    await expect(exercise.getByText("Exercise complete")).toBeVisible();

    // Outside the lessons' commands: refused in words, and nothing reaches Redis.
    await run(console, "CONFIG GET dir");
    await expect(transcript.locator(".console-refused")).toContainText("not available in this console");
    // Up recalls the last command.
    await console.getByLabel("Command").press("ArrowUp");
    await expect(console.getByLabel("Command")).toHaveValue("CONFIG GET dir");
  });

  test("lesson 4: a pattern subscription hears two rooms, and PUBSUB NUMPAT counts two patterns", async ({ page }) => {
    const { panel, a, b } = await start(page, "patterns-and-channel-design");
    const exercise = panel.getByRole("region", { name: "Exercise" });
    const console = panel.getByRole("region", { name: "Redis console" });
    await expect(console.getByRole("button", { name: "Run" })).toBeEnabled();
    await run(console, "PSUBSCRIBE ws:room:*");
    await expect(exercise.locator(".check.passed")).toHaveCount(1);
    await addClient(b, "kim", "kitchen");
    await send(a, "from the lobby");
    await b.getByLabel("Message from kim").fill("from the kitchen");
    await b.getByLabel("Message from kim").press("Enter");
    await expect(exercise.locator(".check.passed")).toHaveCount(2);
    await run(console, "PSUBSCRIBE ws:user:*");
    await run(console, "PUBSUB NUMPAT");
    await expect(console.getByText("(integer) 2", { exact: true })).toBeVisible();
    await expect(exercise.locator(".check.passed")).toHaveCount(3);
    // Notifications for one user, published from outside the socket layer.
    await run(console, "SUBSCRIBE ws:user:42");
    await run(console, "PUBLISH ws:user:42 reply-posted");
    await expect(exercise.getByText("Exercise complete")).toBeVisible();
  });

  test.describe("on a 375 px screen", () => {
    test.use({ viewport: { width: 375, height: 740 } });

    test("the panel is a sheet pulled up from the progress bar, one view at a time", async ({ page }) => {
      await page.goto("/lessons/the-redis-pubsub-bridge");
      await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
      const panel = page.getByRole("complementary", { name: "Sandbox" });
      await expect(panel.getByRole("button", { name: "Start sandbox" })).toBeHidden();
      await panel.getByRole("button", { name: /Show the sandbox/ }).click();
      await panel.getByRole("button", { name: "Start sandbox" }).click();
      const views = panel.getByRole("navigation", { name: "Sandbox views" });
      const a = panel.getByRole("region", { name: "Server A" });
      const b = panel.getByRole("region", { name: "Server B" });
      await expect(panel.getByRole("region", { name: "Exercise" })).toBeVisible();
      await views.getByRole("button", { name: "A", exact: true }).click();
      await expect(b).toBeHidden();
      await expect(a.getByRole("button", { name: "Send" })).toBeEnabled();
      await send(a, "from a phone");
      await views.getByRole("button", { name: "B", exact: true }).click();
      await expect(a).toBeHidden();
      await expect(b.getByText("from a phone")).toBeVisible();
      // The bar keeps the progress in view whichever view is shown, and folds the sheet away.
      await expect(panel.locator(".sheet-progress")).toHaveText("1 of 4 checks");
      await panel.getByRole("button", { name: /Hide the sandbox/ }).click();
      await expect(b).toBeHidden();
      await expect(panel.getByRole("button", { name: /Show the sandbox/ })).toBeVisible();
    });
  });

  test("two tabs of one learner follow the same sandbox, through a reset in either", async ({ page, context }) => {
    const first = await start(page, "push-not-poll");
    const other = await context.newPage();
    await other.goto("/lessons/push-not-poll");
    const second = other.getByRole("complementary", { name: "Sandbox" });
    await expect(second.getByRole("region", { name: "Server A" }).getByRole("button", { name: "Send" })).toBeEnabled();
    // A reset in the second tab: the first tab's one live stream follows the new sandbox.
    await second.getByRole("button", { name: "Reset sandbox" }).click();
    await expect(second.getByText("ready")).toBeVisible();
    // The first tab's clients reconnect to the new sandbox on their own time: keep sending until
    // one message from the second tab reaches the first.
    await expect(async () => {
      const text = `after the reset ${Date.now()}`;
      await send(second.getByRole("region", { name: "Server A" }), text);
      await expect(first.a.getByText(text)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(first.panel.locator(".panel-status")).toHaveText("ready");
  });

  test("a reload finds the running sandbox again", async ({ page }) => {
    const { panel, a } = await start(page, "socketio-redis-adapter");
    await send(a, "before the reload");
    await expect(a.getByText("before the reload")).toBeVisible();
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
    await expect(panel.getByRole("region", { name: "Server A" }).getByRole("button", { name: "Send" })).toBeEnabled();
    await expect(panel.getByRole("button", { name: "Start sandbox" })).toHaveCount(0);
  });
});

test("without JavaScript the panel says the live sandbox needs it, and lists the checks", async ({ page, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, "the JavaScript-off view");
  await page.goto("/lessons/the-redis-pubsub-bridge");
  const panel = page.getByRole("complementary", { name: "Sandbox" });
  await expect(panel.getByText("needs JavaScript")).toBeVisible();
  await expect(panel.getByRole("region", { name: "Exercise" }).locator(".check")).toHaveCount(4);
});
