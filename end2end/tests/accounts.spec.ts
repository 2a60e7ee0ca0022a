import { test, expect, type Page } from "../fixtures";
import { lessons } from "../lessons";

// Accounts, with JavaScript and without (plain forms): sign up keeping what was earned, sign
// out, and sign in from a fresh browser to find the same level, XP and achievements.

const PASSWORD = "correct horse battery";

function uniqueName(project: string) {
  return `ada-${project.slice(11, 14)}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

async function markRead(page: Page, slug: string, javaScriptEnabled: boolean) {
  await page.goto(`/lessons/${slug}`);
  if (javaScriptEnabled) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
  await page.getByRole("button", { name: "Mark as read" }).click();
  await expect(page.getByText("Read ✓ (10 XP)")).toBeVisible();
}

test("sign up keeps the progress, sign out leaves it, a fresh browser signs in to it", async ({
  page,
  browser,
  javaScriptEnabled,
}, info) => {
  const username = uniqueName(info.project.name);
  // Every lesson read: 70 XP, and "Cover to cover" (+10 XP).
  for (const slug of lessons) await markRead(page, slug, javaScriptEnabled);
  const last = lessons[lessons.length - 1];
  const bar = page.getByRole("region", { name: "Your progress" });

  await bar.getByRole("link", { name: "Sign up" }).click();
  await expect(page).toHaveURL(new RegExp(`/signup\\?next=/lessons/${last}`));
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("short");
  // The browser itself holds a too-short password back; the server says so too without it.
  await page.getByLabel("Password").evaluate((input: HTMLInputElement) => input.removeAttribute("minlength"));
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("alert")).toHaveText("Choose a password of at least 10 characters.");
  await expect(page.getByLabel("Username")).toHaveValue(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();

  await expect(page).toHaveURL(new RegExp(`/lessons/${last}$`));
  await expect(bar).toContainText("80 XP");
  await expect(bar).toContainText(`Signed in as ${username}`);

  await bar.getByRole("button", { name: "Sign out" }).click();
  await expect(bar).toContainText("0 XP");
  await expect(bar).toContainText("Progress is local-only");

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto("/signin");
  await other.getByLabel("Username").fill(username);
  await other.getByLabel("Password").fill("not my password");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByRole("alert")).toHaveText("That username (or e-mail) and password do not match an account.");
  await other.getByLabel("Password").fill(PASSWORD);
  await other.getByRole("button", { name: "Sign in" }).click();
  const otherBar = other.getByRole("region", { name: "Your progress" });
  await expect(otherBar).toContainText("Level 0 · Poller — 80 XP · 0/7 lessons · 1/10 achievements");
  await expect(otherBar).toContainText(`Signed in as ${username}`);
  await other.goto("/achievements");
  await expect(other.locator(".achievement.unlocked")).toContainText("Cover to cover");
  await other.goto("/account");
  await expect(other.getByRole("link", { name: "Download your progress (JSON)" })).toBeVisible();
  await fresh.close();
});
