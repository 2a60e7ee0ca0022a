import { execFileSync } from "node:child_process";
import { test, expect } from "../fixtures";
import { binary, mainServer } from "../servers";

// "Report a problem": a learner reports from a lesson whose sandbox runs; the instructor sees
// the report with the sandbox's events and closes it. The form works without JavaScript too.

const PASSWORD = "correct horse battery";
const LESSON = "horizontal-scaling";

function uniqueName(prefix: string, project: string) {
  return `${prefix}-${project.slice(11, 13)}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

test("a report from a page with a running sandbox shows its events on the instructor's page", async ({
  page,
  browser,
  javaScriptEnabled,
}, info) => {
  test.skip(!javaScriptEnabled, "the live sandbox needs JavaScript");
  await page.goto(`/lessons/${LESSON}`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "");
  const panel = page.getByRole("complementary", { name: "Sandbox" });
  await panel.getByRole("button", { name: "Start sandbox" }).click();
  const a = panel.getByRole("region", { name: "Server A" });
  await expect(a.getByRole("button", { name: "Send" })).toBeEnabled();
  const marker = `before-the-report-${Date.now()}`;
  await a.getByLabel("Message", { exact: true }).fill(marker);
  await a.getByLabel("Message", { exact: true }).press("Enter");
  await expect(a.getByText(marker)).toBeVisible();

  await page.getByRole("link", { name: "Report a problem" }).click();
  await expect(page.getByText("the report carries a snapshot of it")).toBeVisible();
  const what = `B never shows what A sends ${Date.now()}`;
  await page.getByLabel("What is wrong").fill(what);
  await page.getByLabel("How to reach you (optional)").fill("learner@example.org");
  await page.getByRole("button", { name: "Send report" }).click();
  const thanks = page.getByRole("status").filter({ hasText: "Thank you" });
  await expect(thanks).toContainText("Thank you: your report is with the instructors.");
  await expect(thanks).toContainText("snapshot of your sandbox");

  // The instructor: an account made one from the command line.
  const context = await browser.newContext();
  const teacher = await context.newPage();
  const name = uniqueName("teacher", info.project.name);
  await teacher.goto("/signup?next=/reports");
  await teacher.getByLabel("Username").fill(name);
  await teacher.getByLabel("Password").fill(PASSWORD);
  await teacher.getByRole("button", { name: "Sign up" }).click();
  await expect(teacher.getByText("Problem reports are for instructors.")).toBeVisible();
  execFileSync(binary, ["admin", "grant", name, "--data-dir", mainServer.dataDir!]);
  // Instructors who live in a terminal read the same report there.
  const listed = execFileSync(binary, ["reports", "list", "--data-dir", mainServer.dataDir!]).toString();
  expect(listed).toContain(what);
  await teacher.reload();
  const report = teacher.getByRole("article").filter({ hasText: what });
  await expect(report).toBeVisible();
  await expect(report).toContainText("from an anonymous learner (learner@example.org)");
  await report.getByText(/^Last \d+ events$/).click();
  await expect(report.getByText(new RegExp(`sent \\S+ to room .* on Server A`)).first()).toBeVisible();

  await report.getByLabel("Closing note").fill("The bridge is off in this lesson's first step: that is the point.");
  await report.getByRole("button", { name: "Close report" }).click();
  await expect(teacher.getByRole("article").filter({ hasText: what })).toHaveCount(0);
  await context.close();
});

test("the report form works without JavaScript and keeps the text when refused", async ({ page }) => {
  await page.goto(`/lessons/${LESSON}`);
  await page.getByRole("link", { name: "Report a problem" }).click();
  await expect(page).toHaveURL(new RegExp(`/lessons/${LESSON}/report$`));
  await expect(page.getByText("No sandbox of yours runs for this lesson")).toBeVisible();
  // The browser would hold an empty report back; the server says so too without it.
  await page.getByLabel("What is wrong").evaluate((box: HTMLTextAreaElement) => box.removeAttribute("required"));
  await page.getByLabel("What is wrong").fill("   ");
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("alert")).toHaveText("Say what is wrong first: the report is empty.");
  await page.getByLabel("What is wrong").fill("The second diagram's arrows point the wrong way.");
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Thank you" })).toHaveText(
    "Thank you: your report is with the instructors.",
  );
  await page.getByRole("link", { name: "Back to the lesson" }).click();
  await expect(page).toHaveURL(new RegExp(`/lessons/${LESSON}$`));
});
