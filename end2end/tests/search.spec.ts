import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { ready, usesJs, watchForErrors } from "./helpers";

const hitLinks = (page: Page) => page.locator(".search-hit__title a");

async function hrefs(page: Page): Promise<string[]> {
  return hitLinks(page).evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
}

test("typing in the header box shows results without a reload, filters and opens one", async ({ page, browser }, testInfo) => {
  test.skip(!usesJs(testInfo), "as-you-type needs JavaScript; the no-JS form is tested below");
  const errors = watchForErrors(page);
  await page.goto("/");
  await ready(page, testInfo);
  // A marker on window survives client-side navigation only; a reload would drop it.
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = "same page"));
  const box = page.getByTestId("header-search");
  await box.click();
  await box.pressSequentially("volunteers", { delay: 30 });
  await expect(page).toHaveURL(/\/search\?q=volunteers$/);
  await expect(hitLinks(page).first()).toBeVisible();
  await expect(page.getByTestId("search-status")).toContainText(/\d+ results?/);
  await expect(box).toBeFocused();
  const marker = () => page.evaluate(() => (window as unknown as { marker?: string }).marker);
  expect(await marker()).toBe("same page");

  // Typing on refines the same search in place.
  await box.pressSequentially(" care", { delay: 30 });
  await expect(page).toHaveURL(/\/search\?q=volunteers%20care$/);

  // Filter by sector: applied at once, counts shown in the choices.
  const sector = page.getByTestId("filter-sector");
  await expect(sector.locator("option", { hasText: /Care and welfare \(\d+\)/ })).toHaveCount(1);
  await sector.selectOption("care");
  await expect(page).toHaveURL(/sector=care/);
  await expect(hitLinks(page).first()).toBeVisible();
  for (const hit of await page.locator(".search-hit").all()) {
    await expect(hit.locator(".chip--sector", { hasText: "Care and welfare" })).toHaveCount(1);
  }
  expect(await marker()).toBe("same page");

  // The same URL without JavaScript shows the same results.
  const url = page.url();
  const withJs = await hrefs(page);
  expect(withJs.length).toBeGreaterThan(0);
  const plain = await browser.newContext({ javaScriptEnabled: false, locale: "en-GB" });
  const noJsPage = await plain.newPage();
  await noJsPage.goto(url);
  expect(await hrefs(noJsPage)).toEqual(withJs);
  await plain.close();

  // Open a result (a question thread or a collective's profile).
  const first = hitLinks(page).first();
  const title = ((await first.textContent()) ?? "").trim();
  await first.click();
  await expect(page).toHaveURL(/\/(questions\/\d+|collectives\/[a-z0-9-]+)$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  expect(await marker()).toBe("same page");
  expect(errors).toEqual([]);
});

test("a slow answer to an older query never replaces newer results", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "as-you-type needs JavaScript");
  // The page for "warmtenet" is slow to come.
  await page.route(/\/search\?/, async (route) => {
    if (route.request().url().includes("warmtenet")) {
      await new Promise((r) => setTimeout(r, 1500));
    }
    await route.continue();
  });
  await page.goto("/search");
  await ready(page, testInfo);
  const box = page.getByTestId("header-search");
  await box.fill("warmtenet");
  await page.waitForTimeout(400); // the debounced request for "warmtenet" is now in flight
  await box.fill("volunteers");
  await expect(page).toHaveURL(/q=volunteers/);
  await expect(hitLinks(page).first()).toBeVisible();
  const newer = await hrefs(page);
  await page.waitForTimeout(1800); // the slow answer has arrived by now
  expect(await hrefs(page)).toEqual(newer);
  await expect(page).toHaveURL(/q=volunteers/);
  await expect(page.locator(".search-hit mark").first()).toHaveText(/volunteer/i);
});

test("search works as plain forms without JavaScript", async ({ page }, testInfo) => {
  const errors = watchForErrors(page);
  await page.goto("/collectives");
  await ready(page, testInfo);
  const box = page.getByTestId("header-search");
  await box.fill("heat network");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=heat(\+|%20)network/);
  await expect(hitLinks(page).first()).toBeVisible();
  await expect(page.locator(".search-hit mark").first()).toBeVisible();
  const filters = page.getByTestId("search-filters");
  await filters.getByTestId("filter-sector").selectOption("culture");
  if (!usesJs(testInfo)) await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/sector=culture/);
  // Nothing in culture: the page says so and offers to drop the filter.
  await expect(page.getByTestId("search-no-results")).toBeVisible();
  await page.getByRole("link", { name: "Remove: Sector" }).click();
  await expect(page).not.toHaveURL(/sector=/);
  await expect(hitLinks(page).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test("the search page is keyboard usable and has no serious accessibility violations", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "axe needs script execution");
  await page.goto("/search?q=member%20bonds");
  await ready(page, testInfo);
  await page.keyboard.press("Tab"); // skip link
  await page.keyboard.press("Tab"); // brand
  let focusedSearch = false;
  for (let i = 0; i < 8 && !focusedSearch; i++) {
    await page.keyboard.press("Tab");
    focusedSearch = await page.getByTestId("header-search").evaluate((el) => el === document.activeElement);
  }
  expect(focusedSearch).toBe(true);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
});
