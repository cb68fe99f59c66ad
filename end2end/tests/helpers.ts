import { expect, type Page, type TestInfo } from "@playwright/test";

export const usesJs = (testInfo: TestInfo) => testInfo.project.name === "with-js";

/** Console errors and uncaught exceptions seen while the test ran. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/** With JavaScript, waits until the WASM has hydrated the page. */
export async function ready(page: Page, testInfo: TestInfo) {
  if (usesJs(testInfo)) {
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  }
}

/** Signs in as a demo account (`who`@demo…), from a clean cookie jar. */
export async function signInAs(page: Page, testInfo: TestInfo, who: string) {
  await page.context().clearCookies();
  await page.goto("/signin");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(`${who}@demo.collectievekracht.example`);
  await page.getByLabel("Password").fill("demo-collectief");
  await page.getByTestId("sign-in-submit").click();
  await expect(page.getByTestId("nav-account")).toBeVisible();
}
