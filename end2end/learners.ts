// Learners the browser tests make: a unique name per test and project, signed up through the
// real form, landing on a lesson (hydrated when JavaScript is on).
import { expect, type Browser, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery";

export function uniqueName(prefix: string, project: string) {
  return `${prefix}-${project.slice(11, 13)}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

export async function signUp(page: Page, username: string, slug: string, javaScriptEnabled: boolean) {
  await page.goto(`/signup?next=/lessons/${slug}`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(new RegExp(`/lessons/${slug}$`));
  if (javaScriptEnabled) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
}

/// A new learner in a browser context of their own, signed up and on `slug`.
export async function newLearner(
  browser: Browser,
  prefix: string,
  project: string,
  javaScriptEnabled: boolean,
  slug: string,
) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  const name = uniqueName(prefix, project);
  await signUp(page, name, slug, javaScriptEnabled);
  return { context, page, name };
}
