import { expect, test } from "@playwright/test";
import { ready, usesJs, watchForErrors } from "./helpers";

// Issue 17: pages are rendered by the server, only islands hydrate, and `public/nav.js` moves
// between pages by fetching the next one and swapping it in.

type Marked = { stayed?: boolean };

test("moving between pages stays in the same document and fetches no more code", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "moving in place is what the script does");
  const errors = watchForErrors(page);
  const code: string[] = [];
  page.on("request", (request) => {
    if (/\.(wasm|js)$/.test(new URL(request.url()).pathname)) code.push(new URL(request.url()).pathname);
  });
  await page.goto("/labs/finance");
  await ready(page, testInfo);
  const firstLoad = code.length;
  expect(firstLoad, "the first load fetched the islands' module and its glue").toBeGreaterThan(0);
  // Marks this document: a full page load would forget it.
  await page.evaluate(() => ((window as unknown as Marked).stayed = true));

  await page.locator(".site-nav").getByRole("link", { name: "Collectives" }).click();
  await expect(page).toHaveURL(/\/collectives$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(/^Collectives/);
  expect(await page.evaluate(() => (window as unknown as Marked).stayed)).toBe(true);
  expect(code.slice(firstLoad), "nothing more to fetch: the module is the same on every page").toEqual([]);

  // Back returns to the lab page, still in the same document.
  await page.goBack();
  await expect(page).toHaveURL(/\/labs\/finance$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Finance Lab");
  expect(await page.evaluate(() => (window as unknown as Marked).stayed)).toBe(true);
  expect(errors).toEqual([]);
});

test("a page that cannot be fetched in place falls back to a full page load", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "moving in place is what the script does");
  await page.goto("/labs/finance");
  await ready(page, testInfo);
  // The script's own requests fail, as on a phone that lost its connection for a moment; the
  // browser's full load that follows gets through.
  await page.route("**/collectives", (route) =>
    route.request().headers()["x-cp-nav"] ? route.abort("internetdisconnected") : route.continue(),
  );
  await page.evaluate(() => ((window as unknown as Marked).stayed = true));
  await page.locator(".site-nav").getByRole("link", { name: "Collectives" }).click();
  await expect(page).toHaveURL(/\/collectives$/);
  // The server's page arrived instead of a dead one (a new document).
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as unknown as Marked).stayed ?? false)).toBe(false);
});
