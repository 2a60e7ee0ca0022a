import { test, expect, type Browser, type Page, type Response } from "../fixtures";
import { newLearner } from "../learners";

// A refusal is not a server error: a server function the page calls itself answers with the
// refusal's own status (429 with Retry-After, 403, 404) and the page says the sentence; without
// JavaScript the same refusal is a redirect back to the form, with the sentence and the text kept.

const LESSON = "horizontal-scaling";

const signedUp = (browser: Browser, javaScriptEnabled: boolean, project: string) =>
  newLearner(browser, "refused", project, javaScriptEnabled, LESSON);

/// The answer of the next call of the server function `name` the page makes.
function answerOf(page: Page, name: string): Promise<Response> {
  return page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/api/${name}`));
}

/// How many comments the limit takes from an account between `began` and now: six in a row, then
/// one more every 20 s (and one for a refill that lands while the last post is on its way).
function allowedSince(began: number): number {
  return 6 + Math.ceil((Date.now() - began) / 20_000) + 1;
}

/// Posts `text` from the page's own box and returns the server function's answer.
async function postAndAnswer(page: Page, text: string): Promise<Response> {
  const answer = answerOf(page, "post_comment");
  await post(page, text);
  return answer;
}

async function post(page: Page, text: string) {
  const thread = page.getByRole("region", { name: "Comments" });
  await thread.getByRole("textbox", { name: "Comment", exact: true }).fill(text);
  await thread.getByRole("button", { name: "Post comment" }).click();
}

test("refused calls answer 4xx to the page, and the page says why", async ({ browser, javaScriptEnabled }, info) => {
  test.skip(!javaScriptEnabled, "the page's own calls need JavaScript; the plain forms are the next test");
  test.slow();
  const { context, page } = await signedUp(browser, true, info.project.name);
  page.on("dialog", (dialog) => void dialog.accept());
  const thread = page.getByRole("region", { name: "Comments" });
  const stamp = Date.now();
  const began = Date.now();
  for (const n of [1, 2]) {
    await post(page, `Comment ${n} of ${stamp}`);
    await expect(thread.getByRole("article").filter({ hasText: `Comment ${n} of ${stamp}` })).toBeVisible();
  }

  // Not found: the comment was deleted from another tab; this tab still shows it.
  const other = await context.newPage();
  other.on("dialog", (dialog) => void dialog.accept());
  await other.goto(`/lessons/${LESSON}`);
  await expect(other.locator("html")).toHaveAttribute("data-hydrated", "");
  // The thread hydrates after the page: a click before then would post the plain form.
  // Generous: on a busy machine the thread's code may arrive seconds after the page's.
  await expect(other.locator(".comment-list")).toHaveAttribute("data-live", "", { timeout: 30_000 });
  const first = (p: Page) => p.getByRole("article").filter({ hasText: `Comment 1 of ${stamp}` }).first();
  const deleted = answerOf(other, "delete_comment");
  await first(other).getByRole("button", { name: "Delete" }).first().click();
  expect((await deleted).status()).toBe(200);
  const gone = answerOf(page, "delete_comment");
  await first(page).getByRole("button", { name: "Delete" }).first().click();
  expect((await gone).status()).toBe(404);
  await expect(first(page).getByText("That comment is gone")).toBeVisible();

  // Too fast: six in a row are taken, then one is refused with when to try again. Posted until
  // refused, not a fixed count: on a busy machine six posts can outlast the 20 s in which the
  // limit gives one more. Comments 1 and 2 count (posted above, from `began`).
  let n = 3;
  let answer = await postAndAnswer(page, `Comment ${n} of ${stamp}`);
  while (answer.status() === 200) {
    await expect(thread.getByRole("article").filter({ hasText: `Comment ${n} of ${stamp}` })).toBeVisible();
    expect(n, "no post was refused").toBeLessThan(20);
    n += 1;
    answer = await postAndAnswer(page, `Comment ${n} of ${stamp}`);
  }
  expect(answer.status()).toBe(429);
  expect(n - 1, "the first six are taken").toBeGreaterThanOrEqual(6);
  expect(n - 1, "no more than the limit allows since the first").toBeLessThanOrEqual(allowedSince(began));
  expect(Number(answer.headers()["retry-after"])).toBeGreaterThan(0);
  await expect(thread.getByText("You are commenting faster than we allow")).toBeVisible();
  await expect(thread.getByRole("textbox", { name: "Comment", exact: true })).toHaveValue(`Comment ${n} of ${stamp}`);

  // Forbidden: signed out in another tab, this tab's Delete is refused.
  await other.goto("/account");
  await other.getByRole("button", { name: "Sign out" }).first().click();
  await expect(other).not.toHaveURL(/\/account$/);
  const signedOut = answerOf(page, "delete_comment");
  const second = page.getByRole("article").filter({ hasText: `Comment 2 of ${stamp}` }).first();
  await second.getByRole("button", { name: "Delete" }).first().click();
  expect((await signedOut).status()).toBe(403);
  await context.close();
});

test("without JavaScript a refusal comes back as the form, with the sentence and the text", async ({
  browser,
  javaScriptEnabled,
}, info) => {
  test.skip(javaScriptEnabled, "plain forms");
  test.slow();
  const { context, page } = await signedUp(browser, false, info.project.name);
  const stamp = Date.now();
  const began = Date.now();
  const thread = page.getByRole("region", { name: "Comments" });
  const refused = thread.getByText("You are commenting faster than we allow");
  // Posted until refused (see above): each post's page shows the comment, or the refusal.
  let n = 1;
  for (; ; n++) {
    await post(page, `Plain ${n} of ${stamp}`);
    const taken = thread.getByRole("article").filter({ hasText: `Plain ${n} of ${stamp}` });
    await expect(taken.or(refused).first()).toBeVisible();
    if (await refused.isVisible()) break;
    await expect(page).toHaveURL(/#comment-\d+$/);
    expect(n, "no post was refused").toBeLessThan(20);
  }
  await expect(page).toHaveURL(/\?draft=1#new-comment$/);
  expect(n - 1, "the first six are taken").toBeGreaterThanOrEqual(6);
  expect(n - 1, "no more than the limit allows since the first").toBeLessThanOrEqual(allowedSince(began));
  await expect(thread.getByRole("textbox", { name: "Comment", exact: true })).toHaveValue(`Plain ${n} of ${stamp}`);
  await context.close();
});
