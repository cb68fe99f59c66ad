import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ready, signInAs } from "./helpers";

// Issue 15: user text in a page title must stay text, in the raw HTML (no JavaScript, crawlers,
// the visitors' page cache) and in the browser.
const REFRESH = `<meta http-equiv="refresh" content="0;url=https://evil.example/">`;

/** The raw `<head>` as the server sends it, with the visitors' page cache state. */
async function rawHead(request: APIRequestContext, path: string) {
  const response = await request.get(path, { headers: { "Accept-Language": "en" } });
  expect(response.status()).toBe(200);
  const html = await response.text();
  return { head: html.slice(0, html.indexOf("</head>")), cache: response.headers()["x-page-cache"] ?? "" };
}

function expectOneEscapedTitle(head: string) {
  expect(head.match(/<title>/g) ?? []).toHaveLength(1);
  expect(head.match(/<\/title>/g) ?? []).toHaveLength(1);
  expect(head.toLowerCase()).not.toContain("<meta http-equiv");
}

async function staysHere(page: Page) {
  // A meta refresh with delay 0 would have left the site by now.
  // (The search link carries the hostile address in its query, so compare origins.)
  await page.waitForTimeout(1500);
  const base = new URL(process.env.BASE_URL ?? "http://127.0.0.1:3000");
  expect(new URL(page.url()).origin).toBe(base.origin);
}

test("a hostile question title stays text for every visitor, cold and cached", async ({ page, browser, request }, testInfo) => {
  await signInAs(page, testInfo, "henk");
  await page.goto("/questions/new");
  await ready(page, testInfo);
  const title = `Subsidy </title>${REFRESH} ${testInfo.project.name}-${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByRole("textbox", { name: "Text" }).fill("Which subsidy fits a small energy cooperative?");
  await page.getByRole("checkbox", { name: "Energy" }).check();
  await page.getByRole("checkbox", { name: "Finance" }).check();
  await page.getByTestId("post-question").click();
  await expect(page).toHaveURL(/\/questions\/\d+$/);
  const path = new URL(page.url()).pathname;
  await expect(page.locator("h1")).toHaveText(title);

  // Raw HTML, twice: the second answer comes from the visitors' page cache.
  for (const round of [1, 2]) {
    const { head, cache } = await rawHead(request, path);
    if (round === 2) expect(cache, "the second visit comes from the page cache").toBe("hit");
    expectOneEscapedTitle(head);
    expect(head, `round ${round}`).toContain("Subsidy &lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot;");
  }

  // A visitor in the browser: the tab shows the text, the page stays on the site.
  const visitor = await browser.newContext({ javaScriptEnabled: testInfo.project.name === "with-js" });
  const visitorPage = await visitor.newPage();
  await visitorPage.goto(path);
  await expect(visitorPage).toHaveTitle(`${title} · CollectivePower`);
  await staysHere(visitorPage);
  await expect(visitorPage.locator("h1")).toHaveText(title);
  await visitor.close();
});

test("a hostile search link stays text and stays on the site", async ({ page, request }, testInfo) => {
  const query = "</title><meta http-equiv=refresh content=0;url=https://evil.example>";
  const path = `/search?q=${encodeURIComponent(query)}`;
  const { head } = await rawHead(request, path);
  expectOneEscapedTitle(head);
  expect(head).toContain("&lt;/title&gt;&lt;meta http-equiv=refresh");
  await page.goto(path);
  await ready(page, testInfo);
  await staysHere(page);
  await expect(page).toHaveTitle(/<\/title><meta http-equiv=refresh/);
});

test("a hostile display name stays text on the member's profile", async ({ page, request }, testInfo) => {
  await page.context().clearCookies();
  await page.goto("/signup");
  await ready(page, testInfo);
  // At most 60 characters: the longest name the sign-up accepts.
  const name = "M</title><meta http-equiv=refresh content=0;url=//e.test>";
  expect(name.length).toBeLessThanOrEqual(60);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email address").fill(`mallory-${testInfo.project.name}-${Date.now()}@example.org`);
  await page.getByLabel("Password", { exact: true }).fill("correct-horse-battery");
  await page.getByTestId("sign-up-submit").click();
  await expect(page.getByTestId("nav-account")).toHaveText(name);
  await page.goto("/account");
  await ready(page, testInfo);
  await page.locator(".facts").getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/users\/\d+$/);
  const path = new URL(page.url()).pathname;
  const { head } = await rawHead(request, path);
  expectOneEscapedTitle(head);
  expect(head).toContain("M&lt;/title&gt;&lt;meta http-equiv=refresh");
  await staysHere(page);
  await expect(page).toHaveTitle(`${name} · CollectivePower`);
});
