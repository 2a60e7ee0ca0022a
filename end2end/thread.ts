// A lesson's comment thread and the bell, as learners use them: post a question, reply to one,
// read the unread count. Shared by the comments' specs and the cluster's.
import { expect, type Page } from "@playwright/test";

/// Posts `text` as a new comment on the lesson `page` shows, and waits until it is there.
export async function postComment(page: Page, text: string) {
  const thread = page.getByRole("region", { name: "Comments" });
  await thread.getByRole("textbox", { name: "Comment", exact: true }).fill(text);
  await thread.getByRole("button", { name: "Post comment" }).click();
  await expect(thread.getByText(text)).toBeVisible();
  return thread;
}

/// Replies `text` to the newest comment that holds `question`.
export async function replyTo(page: Page, question: string, text: string) {
  const thread = page.getByRole("region", { name: "Comments" });
  await thread.getByRole("article").filter({ hasText: question }).first().getByRole("button", { name: "Reply", exact: true }).first().click();
  await thread.getByRole("textbox", { name: "Reply", exact: true }).fill(text);
  await thread.getByRole("button", { name: "Post reply" }).click();
  return thread;
}

/// The bell in the site's header; its accessible name carries the unread count.
export function bellOf(page: Page) {
  return page.getByRole("link", { name: /^Notifications \(\d+ unread\)$/ });
}
