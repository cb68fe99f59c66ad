import { expect, test } from "@playwright/test";
import { ready, usesJs, watchForErrors } from "./helpers";

test("a member answers a question; visitors are asked to sign in first", async ({ page }, testInfo) => {
  const errors = watchForErrors(page);
  await page.goto("/questions");
  const href = await page.locator(".qcard__title a").first().getAttribute("href");
  expect(href).toBeTruthy();
  await page.goto(href!);
  await expect(page.getByRole("link", { name: "Sign in to answer" })).toBeVisible();

  await page.getByRole("link", { name: "Sign in to answer" }).click();
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill("henk@demo.collectievekracht.example");
  await page.getByLabel("Password").fill("demo-collectief");
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await ready(page, testInfo);

  const text = `In Zonnedorp we asked the bank for a bridge loan first (${testInfo.project.name} ${Date.now()}).`;
  await page.getByRole("textbox", { name: "Your answer" }).fill(text);
  await page.getByTestId("post-answer").click();
  await expect(page).toHaveURL(/#answer-\d+$/);
  const answer = page.locator("article.answer", { hasText: text });
  await expect(answer).toBeVisible();
  await expect(answer.locator(".author-card")).toContainText("Henk Brinkman");
  expect(errors).toEqual([]);
  if (!usesJs(testInfo)) return;
  // An empty answer is refused next to the field, nothing posted.
  await page.getByRole("textbox", { name: "Your answer" }).fill(" ");
  await page.locator("form[data-form=answer]").evaluate((f) => f.setAttribute("novalidate", ""));
  await page.getByTestId("post-answer").click();
  await expect(page.locator("#answer-body-error")).toHaveText("Write your answer (at least 2 characters).");
});

test("the asker accepts an answer and the question is resolved", async ({ page }, testInfo) => {
  const errors = watchForErrors(page);
  await page.goto("/signin");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill("priya@demo.collectievekracht.example");
  await page.getByLabel("Password").fill("demo-collectief");
  await page.getByTestId("sign-in-submit").click();
  await expect(page.getByTestId("nav-account")).toBeVisible();
  // Priya asked "Nobody wants to become treasurer" (three answers, none accepted yet in the demo).
  await page.goto("/search?q=treasurer");
  await page.locator(".search-hit__title a", { hasText: "Nobody wants to become treasurer" }).first().click();
  await ready(page, testInfo);
  const answer = page.locator("article.answer").filter({ has: page.getByTestId("accept-answer") }).first();
  const accept = answer.getByTestId("accept-answer");
  const text = (await answer.locator(".prose").textContent())?.trim().slice(0, 40) ?? "";
  await accept.click();
  const accepted = page.locator("article.answer--accepted");
  await expect(accepted).toHaveCount(1);
  await expect(accepted.locator(".prose")).toContainText(text);
  await expect(page.locator(".thread__header .status")).toContainText("Resolved");
  expect(errors).toEqual([]);
});
