import { test, expect, type Browser } from "../fixtures";
import { newLearner as learner } from "../learners";
import { bellOf, postComment, replyTo } from "../thread";

// Comments under a lesson, and the bell: the thread works as plain forms without JavaScript and
// in place with it; a reply reaches the author's bell live, over the page's one stream.

const LESSON = "horizontal-scaling";

const newLearner = (browser: Browser, prefix: string, project: string, javaScriptEnabled: boolean) =>
  learner(browser, prefix, project, javaScriptEnabled, LESSON);

test("a learner comments, another replies, and the thread reads the same with or without JavaScript", async ({
  page,
  browser,
  javaScriptEnabled,
}, info) => {
  await page.goto(`/lessons/${LESSON}`);
  const anonymous = page.getByRole("region", { name: "Comments" });
  await expect(anonymous.getByRole("link", { name: "Sign in to comment" })).toBeVisible();
  await expect(anonymous.getByRole("textbox")).toHaveCount(0);

  const ann = await newLearner(browser, "ann", info.project.name, javaScriptEnabled);
  // Nothing a learner types may open a dialog (a script that ran would).
  const dialogs: string[] = [];
  ann.page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const question = `Why does B miss messages while Redis restarts? ${Date.now()}`;
  const thread = ann.page.getByRole("region", { name: "Comments" });
  await thread.getByRole("textbox", { name: "Comment", exact: true }).fill(`${question} <script>alert(1)</script>`);
  await thread.getByRole("button", { name: "Post comment" }).click();
  const comment = thread.getByRole("article").filter({ hasText: question });
  await expect(comment).toBeVisible();
  // What a learner types is text: the tag shows, nothing runs.
  await expect(comment).toContainText("<script>alert(1)</script>");
  expect(dialogs).toEqual([]);

  const bob = await newLearner(browser, "bob", info.project.name, javaScriptEnabled);
  const bobThread = bob.page.getByRole("region", { name: "Comments" });
  const bobsView = bobThread.getByRole("article").filter({ hasText: question }).first();
  await bobsView.getByRole("button", { name: "Reply", exact: true }).click();
  const answer = `The listener subscribed once and never again. ${Date.now()}`;
  await bobThread.getByRole("textbox", { name: "Reply", exact: true }).fill(answer);
  await bobThread.getByRole("button", { name: "Post reply" }).click();
  await expect(bobThread.getByText(answer)).toBeVisible();
  await expect(bobThread.getByRole("textbox", { name: "Reply", exact: true })).toHaveCount(0);

  // The author edits their own comment.
  await ann.page.reload();
  // The thread hydrates after the page: a click before then would use the plain forms.
  if (javaScriptEnabled) await expect(ann.page.locator(".comment-list")).toHaveAttribute("data-live", "", { timeout: 30_000 });
  const annsComment = thread.getByRole("article").filter({ hasText: question }).first();
  await expect(annsComment.getByText(answer)).toBeVisible();
  await annsComment.getByRole("button", { name: "Edit" }).first().click();
  await thread.getByRole("textbox", { name: "Edit your comment" }).fill(`${question} (edited: *Redis restarts*)`);
  await thread.getByRole("button", { name: "Save changes" }).click();
  await expect(annsComment.locator("em", { hasText: "Redis restarts" })).toBeVisible();
  await expect(ann.page.locator(".lesson-header .comment-count")).toHaveText(/\d+ comments?/);

  // Bob deletes his reply (with JavaScript the browser asks first).
  bob.page.once("dialog", (dialog) => void dialog.accept());
  await bob.page.reload();
  if (javaScriptEnabled) await expect(bob.page.locator(".comment-list")).toHaveAttribute("data-live", "", { timeout: 30_000 });
  const bobsReply = bobThread.getByRole("article").filter({ hasText: answer }).last();
  await bobsReply.getByRole("button", { name: "Delete" }).click();
  await expect(bobThread.getByText(answer)).toHaveCount(0);

  await ann.page.context().close();
  await bob.page.context().close();
});

test("a reply raises the author's bell without a reload, on any page of the site", async ({
  browser,
  javaScriptEnabled,
}, info) => {
  test.skip(!javaScriptEnabled, "a live bell needs JavaScript");
  const ann = await newLearner(browser, "ann", info.project.name, true);
  const question = `Is one subscription per server enough? ${Date.now()}`;
  await postComment(ann.page, question);
  const bell = bellOf(ann.page);
  await expect(bell).toHaveAccessibleName("Notifications (0 unread)");
  // Ann starts the lesson's sandbox: the panel's stream now carries her news (one stream a page).
  const panel = ann.page.getByRole("complementary", { name: "Sandbox" });
  await panel.getByRole("button", { name: "Start sandbox" }).click();
  await expect(panel.getByRole("region", { name: "Server A" }).getByRole("button", { name: "Send" })).toBeEnabled();

  const bob = await newLearner(browser, "bob", info.project.name, true);
  await replyTo(bob.page, question, "Yes: one per server, fanned out locally.");

  await expect(bell).toHaveAccessibleName("Notifications (1 unread)");

  // On another page (no sandbox there), the site's own stream carries the next one.
  await ann.page.goto("/achievements");
  await expect(ann.page.locator("html")).toHaveAttribute("data-hydrated", "");
  await expect(bell).toHaveAccessibleName("Notifications (1 unread)");
  await replyTo(bob.page, question, "And Streams when you cannot lose one.");
  await expect(bell).toHaveAccessibleName("Notifications (2 unread)");

  // Opening one marks it read and goes to the reply.
  await bell.click();
  await expect(ann.page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await ann.page.getByRole("link", { name: /replied to your comment on/ }).first().click();
  // To the page of the thread that holds the reply (`?before=…`, the newest here).
  await expect(ann.page).toHaveURL(new RegExp(`/lessons/${LESSON}\\?before=\\d+#comment-\\d+$`));
  await expect(ann.page.getByRole("region", { name: "Comments" })).toContainText("And Streams when you cannot lose one.");
  await expect(bell).toHaveAccessibleName("Notifications (1 unread)");

  await ann.page.context().close();
  await bob.page.context().close();
});

// A learner who posts and follows a link at once: the comment still reaches the server, and its
// answer, coming back to a page that is gone, breaks nothing (it once read the old page's box
// and took the whole app down). The request is held until the learner is on the next page.
test("a comment posted just before following a link is kept, and the next page keeps working", async ({
  browser,
  javaScriptEnabled,
}, info) => {
  test.skip(!javaScriptEnabled, "posting in place, and leaving without a reload, need JavaScript");
  const ann = await newLearner(browser, "ann", info.project.name, true);
  const page = ann.page;
  await expect(page.locator(".comment-list")).toHaveAttribute("data-live", "", { timeout: 30_000 });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/post_comment/, async (route) => {
    await held;
    await route.continue();
  });
  const question = `Posted on the way out ${Date.now()}`;
  const thread = page.getByRole("region", { name: "Comments" });
  await thread.getByRole("textbox", { name: "Comment", exact: true }).fill(question);
  const answered = page.waitForResponse(/\/api\/post_comment/);
  await thread.getByRole("button", { name: "Post comment" }).click();
  await page.getByRole("navigation", { name: "Course" }).getByRole("link").last().click();
  await expect(page).not.toHaveURL(new RegExp(`/lessons/${LESSON}$`));
  release();
  const response = await answered;
  expect(response.ok()).toBe(true);
  // The answer has reached the page (a panic, if any, happens as the page applies it).
  await response.finished();
  // The next page still answers a click (a panic would have stopped every handler).
  const html = page.locator("html");
  const flipped = (await html.getAttribute("data-theme")) === "dark" ? "light" : "dark";
  await page.getByTestId("theme-toggle").click();
  await expect(html).toHaveAttribute("data-theme", flipped);
  await page.goto(`/lessons/${LESSON}`);
  await expect(thread.getByRole("article").filter({ hasText: question })).toBeVisible();
  await ann.context.close();
});
