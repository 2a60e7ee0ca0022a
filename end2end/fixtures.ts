// Every spec's `test`: Playwright's, with one check added to all of them. A page of ours that
// panics (a hydration mismatch, an unwrap in the browser) goes on looking fine: the server's
// HTML stays, only the buttons stop answering, and a test then fails far away on a timeout, if
// at all. So every page a test opens, in its own context or in one it makes (a second learner),
// is watched, and any uncaught error in it fails the test that saw it, naming page and message.
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

export { expect };
export type { Browser, BrowserContext, Page };
export type { Locator, Response } from "@playwright/test";

export const test = base.extend<{ pageErrors: void }>({
  pageErrors: [
    async ({ browser, context }, use) => {
      const seen: string[] = [];
      const watchPage = (page: Page) => {
        page.on("pageerror", (error) => seen.push(`${page.url()}: ${error.message}`));
        // A Rust panic reaches `pageerror` only as "unreachable" (the bundle aborts on panic); its
        // message and place come first, on the console (console_error_panic_hook).
        page.on("console", (message) => {
          if (message.type() === "error" && message.text().includes("panicked at")) {
            seen.push(`${page.url()}: ${message.text()}`);
          }
        });
      };
      const watchContext = (watched: BrowserContext) => {
        watched.pages().forEach(watchPage);
        watched.on("page", watchPage);
      };
      watchContext(context);
      // Contexts the test makes itself: the browser is the worker's, so it is restored after.
      const newContext = browser.newContext.bind(browser);
      (browser as Browser).newContext = async (...options: Parameters<Browser["newContext"]>) => {
        const made = await newContext(...options);
        watchContext(made);
        return made;
      };
      await use();
      browser.newContext = newContext;
      expect(seen, "errors thrown in the browser (a panic of the page's code)").toEqual([]);
    },
    { auto: true },
  ],
});
