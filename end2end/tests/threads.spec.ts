import { expect, test } from "@playwright/test";
import { ready, signInAs, usesJs, watchForErrors } from "./helpers";

test("a member asks a question routed to a lab; it appears in that lab", async ({ page }, testInfo) => {
  const errors = watchForErrors(page);
  await signInAs(page, testInfo, "henk");
  await page.goto("/questions/new");
  await ready(page, testInfo);
  const marker = `${testInfo.project.name}-${Date.now()}`;
  const title = `How do you keep volunteers motivated after the first year? ${marker}`;
  await page.getByLabel("Title").fill(title);
  await page.getByRole("textbox", { name: "Text" }).fill(
    "We started with **twenty** volunteers for our food collective and six are left.\n\n- What worked for you?",
  );
  if (usesJs(testInfo)) {
    // Similar questions from any sector appear while typing, and the preview renders live.
    await expect(page.getByTestId("similar").locator("li").first()).toBeVisible();
    await expect(page.getByTestId("preview").locator("strong")).toHaveText("twenty");
  } else {
    // Without JavaScript the Preview button shows both on the next page, draft kept.
    await page.getByTestId("preview-question").click();
    await expect(page).toHaveURL(/\/questions\/new\?preview=1$/);
    await expect(page.getByTestId("preview").locator("strong")).toHaveText("twenty");
    await expect(page.getByTestId("similar").locator("li").first()).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveValue(title);
  }
  await page.getByRole("checkbox", { name: "Food and agriculture" }).check();
  await page.getByRole("checkbox", { name: "Volunteers" }).check();
  await page.getByLabel("Route to a Partner Lab").selectOption("network");
  await page.getByTestId("post-question").click();
  await expect(page).toHaveURL(/\/questions\/\d+$/);
  await expect(page.locator("h1")).toHaveText(title);
  await expect(page.locator(".thread__routed")).toContainText("Network Lab");
  await expect(page.getByTestId("follow")).toHaveText(/Following/);

  await page.goto("/labs/network");
  // Both under "waiting for an answer" and "recent questions".
  await expect(page.getByTestId("lab-unanswered").getByRole("link", { name: title })).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toHaveCount(2);
  await page.goto("/questions?sector=food&topic=volunteers&lab=network");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  // The filters and orders are URLs: chosen in the form, kept by the order tabs.
  await page.goto("/questions");
  await ready(page, testInfo);
  await page.locator("#filter-sector").selectOption("food");
  await page.locator("#filter-topic").selectOption("volunteers");
  await page.getByTestId("apply-filters").click();
  await expect(page).toHaveURL(/\/questions\?sector=food&topic=volunteers/);
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await page.getByRole("link", { name: "Unanswered", exact: true }).click();
  await expect(page).toHaveURL(/sector=food&topic=volunteers&sort=unanswered$/);
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  expect(errors).toEqual([]);
});

test("asking without sectors is refused with a clear message and nothing is posted", async ({ page }, testInfo) => {
  await signInAs(page, testInfo, "anna");
  await page.goto("/questions/new");
  await ready(page, testInfo);
  await page.getByLabel("Title").fill("A question without any sector chosen");
  await page.getByRole("textbox", { name: "Text" }).fill("Long enough to pass the body check, surely.");
  await page.getByTestId("post-question").click();
  await expect(page.locator("form[data-form=ask]")).toContainText("Choose at least one sector.");
  await expect(page.locator("form[data-form=ask]")).toContainText("Choose at least one challenge.");
  await expect(page.getByLabel("Title")).toHaveValue("A question without any sector chosen");
});

test("votes count once per person and can be changed", async ({ page }, testInfo) => {
  const errors = watchForErrors(page);
  await signInAs(page, testInfo, usesJs(testInfo) ? "henk" : "anna");
  await page.goto("/search?q=treasurer");
  await page.locator(".search-hit__title a", { hasText: "Nobody wants to become treasurer" }).first().click();
  await ready(page, testInfo);
  const vote = page.locator(".post--question .vote");
  const score = vote.getByTestId("score");
  const up = vote.getByTestId("vote-up");
  const before = Number(await score.textContent());
  const pressed = (await up.getAttribute("aria-pressed")) === "true";
  await up.click();
  await expect(score).toHaveText(String(pressed ? before - 1 : before + 1));
  await expect(up).toHaveAttribute("aria-pressed", pressed ? "false" : "true");
  // Down replaces the up vote (one vote per person).
  const afterUp = Number(await score.textContent());
  const wasUp = !pressed;
  await vote.getByTestId("vote-down").click();
  await expect(score).toHaveText(String(afterUp - (wasUp ? 2 : 1)));
  await expect(vote.getByTestId("vote-down")).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(page.locator(".post--question .vote").getByTestId("score")).toHaveText(String(afterUp - (wasUp ? 2 : 1)));
  expect(errors).toEqual([]);
});

test("answer, comment, accept, edit with history; followers get a notification", async ({ page }, testInfo) => {
  const errors = watchForErrors(page);
  // Priya asks.
  await signInAs(page, testInfo, "priya");
  await page.goto("/questions/new");
  await ready(page, testInfo);
  const marker = `${testInfo.project.name}-${Date.now()}`;
  const title = `Who pays for the insurance of our volunteers? ${marker}`;
  await page.getByLabel("Title").fill(title);
  await page.getByRole("textbox", { name: "Text" }).fill("Our care cooperative wonders who covers volunteers.");
  await page.getByRole("checkbox", { name: "Care and welfare" }).check();
  await page.getByRole("checkbox", { name: "Volunteers" }).check();
  await page.getByTestId("post-question").click();
  await expect(page).toHaveURL(/\/questions\/\d+$/);
  const threadUrl = page.url();

  // Henk answers and comments.
  await page.context().clearCookies();
  await signInAs(page, testInfo, "henk");
  await page.goto(threadUrl);
  await ready(page, testInfo);
  await page.getByRole("textbox", { name: "Your answer" }).fill("Most municipalities insure volunteers collectively.");
  await page.getByTestId("post-answer").click();
  await expect(page.locator("article.answer")).toHaveCount(1);
  const answer = page.locator("article.answer").first();
  await answer.getByTestId("add-comment").click();
  await answer.locator("textarea[name=body]").fill("Ask for the policy number.");
  await answer.getByTestId("post-comment").click();
  await expect(page.locator("article.answer .comment")).toContainText("Ask for the policy number.");

  // Priya (who follows her question) sees an unread notification, accepts, and edits.
  await page.context().clearCookies();
  await signInAs(page, testInfo, "priya");
  await expect(page.getByTestId("unread-count")).toBeVisible();
  await page.getByTestId("notifications").click();
  await page.locator(".notification a", { hasText: title }).click();
  await ready(page, testInfo);
  await page.getByTestId("accept-answer").click();
  await expect(page.locator(".thread__header .status")).toContainText("Resolved");
  await page.locator(".post--question").getByTestId("edit-post").click();
  await ready(page, testInfo);
  await page.getByRole("textbox", { name: "Text" }).fill("Our care cooperative wonders who covers volunteers on trips.");
  await page.getByTestId("save-edit").click();
  // With JavaScript the edit happened in place (the URL keeps the answer's anchor); without, the
  // edit page led back to the thread.
  await expect(page.locator(".post--question .prose").first()).toContainText("on trips");
  expect(page.url().startsWith(threadUrl)).toBe(true);
  await page.locator(".post--question").getByTestId("history").click();
  await expect(page.locator(".history__version")).toHaveCount(2);
  await expect(page.locator(".history__version").first().locator("ins")).toContainText("on trips");
  expect(errors).toEqual([]);
});
