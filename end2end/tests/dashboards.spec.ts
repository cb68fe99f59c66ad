import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test, type TestInfo } from "@playwright/test";
import { ready, signInAs, usesJs, watchForErrors } from "./helpers";

/** Asks a question routed to a Partner Lab as whoever is signed in. */
async function askRouted(page: Page, testInfo: TestInfo, title: string, lab: string) {
  await page.goto("/questions/new");
  await ready(page, testInfo);
  await page.getByLabel("Title").fill(title);
  await page.getByRole("textbox", { name: "Text" }).fill(
    "Our village hall is for sale and the municipality gives us six months. **Which fund** lends to a cooperative?",
  );
  await page.getByRole("checkbox", { name: "Food and agriculture" }).check();
  await page.getByRole("checkbox", { name: "Volunteers" }).check();
  await page.getByLabel("Route to a Partner Lab").selectOption(lab);
  await page.getByTestId("post-question").click();
  await expect(page).toHaveURL(/\/questions\/\d+$/);
}

const count = async (page: Page, testId: string) => Number(await page.getByTestId(testId).first().textContent());

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("a partner claims a routed question in the queue and answers it; the dashboard follows without a reload", async ({
    page,
    browser,
  }, testInfo) => {
    const errors = watchForErrors(page);
    const marker = `${testInfo.project.name}-${Date.now()}`;
    const title = `Which fund lends for buying a village hall? ${marker}`;
    await signInAs(page, testInfo, "henk");
    await askRouted(page, testInfo, title, "finance");

    // The Finance Lab's dashboard, open on a desktop meanwhile.
    const desk = await browser.newContext({
      baseURL: process.env.BASE_URL ?? "http://127.0.0.1:3000",
      javaScriptEnabled: usesJs(testInfo),
      locale: "en-GB",
    });
    const dashboard = await desk.newPage();
    const dashboardErrors = watchForErrors(dashboard);
    await dashboard.goto("/labs/finance/dashboard");
    await ready(dashboard, testInfo);
    const unclaimed = await count(dashboard, "kpi-unclaimed");
    const unanswered = await count(dashboard, "kpi-unanswered");
    expect(unclaimed).toBeGreaterThan(0);

    // The partner, on the phone: the queue, unclaimed questions first.
    await signInAs(page, testInfo, "jeroen");
    await page.getByTestId("nav-queue").tap();
    await expect(page).toHaveURL(/\/queue$/);
    await ready(page, testInfo);
    await page.getByTestId("queue-filter-unclaimed").tap();
    await expect(page).toHaveURL(/\/queue\?filter=unclaimed$/);
    const card = page.getByTestId("queue-item").filter({ hasText: title });
    const claim = card.getByTestId("queue-claim");
    // One hand: the actions are full-width buttons at least 44 px high.
    const box = await claim.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    expect(box?.width ?? 0).toBeGreaterThan(300);
    await claim.tap();
    // Claimed: gone from "unclaimed", in "mine".
    await expect(page.getByTestId("queue-item").filter({ hasText: title })).toHaveCount(0);
    await page.getByTestId("queue-filter-mine").tap();
    const mine = page.getByTestId("queue-item").filter({ hasText: title });
    await expect(mine.getByTestId("queue-release")).toBeVisible();
    await expect(mine).toContainText("You picked this up");

    // Answered from the queue.
    await mine.getByTestId("queue-answer").locator("summary").tap();
    await mine.getByTestId("queue-answer-body").fill(`The regional energy fund lends up to 50,000 euros ${marker}.`);
    await mine.getByTestId("queue-answer-submit").tap();
    await expect(page.getByTestId("queue-item").filter({ hasText: title }).getByTestId("queue-answers")).toHaveText("1 answer");

    // The dashboard's counts follow: in the browser without a reload (on focus, or within 30 s);
    // without JavaScript on the next load.
    if (usesJs(testInfo)) {
      await dashboard.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
      await dashboard.evaluate(() => window.dispatchEvent(new Event("focus")));
    } else {
      await dashboard.reload();
    }
    await expect(dashboard.getByTestId("kpi-unclaimed")).toHaveText(String(unclaimed - 1));
    await expect(dashboard.getByTestId("kpi-unanswered")).toHaveText(String(unanswered - 1));
    if (usesJs(testInfo)) {
      expect(await dashboard.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    }

    // The answer is on the thread, with the Finance Lab's expert badge.
    await page.getByTestId("queue-item").filter({ hasText: title }).getByRole("link", { name: title }).tap();
    await expect(page.locator("article.answer", { hasText: marker })).toContainText("Expert answer");
    expect(errors).toEqual([]);
    expect(dashboardErrors).toEqual([]);
    await desk.close();
  });

  test("a partner asks the asker for more information and marks the question resolved", async ({ page }, testInfo) => {
    const marker = `${testInfo.project.name}-${Date.now()}`;
    const title = `Can a science lab measure our neighbourhood's social cohesion? ${marker}`;
    await signInAs(page, testInfo, "henk");
    await askRouted(page, testInfo, title, "science");
    await signInAs(page, testInfo, "lotte");
    await page.goto("/queue");
    await ready(page, testInfo);
    const card = () => page.getByTestId("queue-item").filter({ hasText: title });
    await card().getByTestId("queue-status").locator("summary").tap();
    await card().getByTestId("queue-note").fill("How many residents live in the neighbourhood?");
    await card().getByTestId("queue-wait").tap();
    await expect(card().getByTestId("queue-waiting")).toBeVisible();
    await page.getByTestId("queue-filter-waiting").tap();
    await expect(card()).toHaveCount(1);
    // Resolving needs an answer first: the button is not offered yet.
    await expect(card().getByTestId("queue-resolve")).toHaveCount(0);
  });
});

test("the dashboard's chart has an accessible name, a description and a table fallback", async ({ page }, testInfo) => {
  const errors = watchForErrors(page);
  await page.goto("/labs/collectives/dashboard");
  await ready(page, testInfo);
  const chart = page.getByRole("img", { name: /Questions asked and first answered per week/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator("desc")).toContainText("Over the last 52 weeks");
  const table = page.getByTestId("trend-table");
  await expect(table).toBeHidden();
  await page.getByText("Show the numbers as a table").click();
  await expect(table).toBeVisible();
  await expect(table.locator("tbody tr")).toHaveCount(52);
  await expect(page.getByTestId("heat-table")).toBeVisible();
  await expect(page.getByTestId("giving-table").locator("tbody tr")).toHaveCount(5);
  // The same figures for all labs on the public statistics page.
  await page.getByTestId("footer-stats").click();
  await expect(page).toHaveURL(/\/stats$/);
  await expect(page.getByTestId("lab-comparison").locator("tbody tr")).toHaveCount(5);
  expect(errors).toEqual([]);
});

test("a member follows a lab", async ({ page }, testInfo) => {
  await signInAs(page, testInfo, "anna");
  await page.goto("/labs/government");
  await ready(page, testInfo);
  const button = page.getByTestId("lab-follow");
  const following = (await button.getAttribute("aria-pressed")) === "true";
  const followers = await count(page, "lab-followers");
  await button.click();
  await expect(page.getByTestId("lab-follow")).toHaveAttribute("aria-pressed", String(!following));
  await expect(page.getByTestId("lab-followers")).toHaveText(String(following ? followers - 1 : followers + 1));
  await expect(page.getByTestId("lab-unanswered")).toBeVisible();
  await expect(page.getByTestId("lab-dashboard-link")).toBeVisible();
});

test("the partner queue has no serious accessibility violations", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "axe needs script execution");
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, testInfo, "marloes");
  await page.goto("/queue");
  await ready(page, testInfo);
  await expect(page.getByTestId("queue-item").first()).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id} (${v.impact}) ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
});
