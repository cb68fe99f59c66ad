import { expect, test } from "@playwright/test";
import { ready, usesJs, watchForErrors } from "./helpers";

// Issue 17: each page's code is a WASM chunk of its own (lazy routes).

test("moving between pages fetches the next page's chunk and stays in the browser", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "chunks are a WASM matter");
  const errors = watchForErrors(page);
  const wasm: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith(".wasm")) wasm.push(new URL(request.url()).pathname);
  });
  await page.goto("/labs/finance");
  await ready(page, testInfo);
  const firstLoad = [...wasm];
  // Marks this document: a full page load would forget it.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

  await page.locator(".site-nav").getByRole("link", { name: "Collectives" }).click();
  await expect(page).toHaveURL(/\/collectives$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  const fetched = wasm.slice(firstLoad.length);
  expect(fetched.length, "the collectives page's own chunk was fetched on navigation").toBeGreaterThan(0);
  for (const file of fetched) expect(firstLoad).not.toContain(file);
  expect(errors).toEqual([]);
});

test("a page chunk that cannot be fetched falls back to a full page load", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "chunks are a WASM matter");
  await page.goto("/labs/finance");
  await ready(page, testInfo);
  // Every chunk fetched from here on fails, as on a phone that lost its connection mid-way.
  await page.route(/\.wasm$/, (route) => route.abort("internetdisconnected"));
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await page.locator(".site-nav").getByRole("link", { name: "Collectives" }).click();
  await expect(page).toHaveURL(/\/collectives$/);
  // The server's page arrived instead of a dead one (a new document).
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed ?? false)).toBe(false);
});
