import { expect, type Page, test, type TestInfo } from "@playwright/test";
import { ready, usesJs, watchForErrors } from "./helpers";

async function signIn(page: Page, testInfo: TestInfo, who: string) {
  await page.context().clearCookies();
  await page.goto("/signin");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(`${who}@demo.collectievekracht.example`);
  await page.getByLabel("Password").fill("demo-collectief");
  await page.getByTestId("sign-in-submit").click();
  await expect(page.getByTestId("nav-account")).toBeVisible();
}

/** Opens a demo thread (found by search) and posts an answer as whoever is signed in. */
async function answerDemoThread(page: Page, testInfo: TestInfo, query: string, text: string): Promise<string> {
  await page.goto(`/search?q=${encodeURIComponent(query)}`);
  await page.locator(".search-hit__title a[href^='/questions/']").first().click();
  await expect(page).toHaveURL(/\/questions\/\d+/);
  const url = page.url().replace(/[#?].*$/, "");
  await ready(page, testInfo);
  await page.getByRole("textbox", { name: "Your answer" }).fill(text);
  await page.getByTestId("post-answer").click();
  await expect(page.locator("article.answer", { hasText: text })).toHaveCount(1);
  return url;
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("a moderator edits an answer inline; the author sees the history with the reason", async ({ page }, testInfo) => {
    const errors = watchForErrors(page);
    const marker = `${testInfo.project.name}-${Date.now()}`;
    const original = `Ask the municipality about a volunteer policy ${marker}.`;
    await signIn(page, testInfo, "henk");
    const threadUrl = await answerDemoThread(page, testInfo, "treasurer", original);

    await signIn(page, testInfo, "moderator");
    await page.goto(threadUrl);
    await ready(page, testInfo);
    // Found by its text, then held by its id (while edited, the text is in a textarea).
    const answerId = await page.locator("article.answer", { hasText: marker }).getAttribute("id");
    const answer = page.locator(`#${answerId}`);
    const fixed = `Ask the municipality about its collective volunteer insurance ${marker}.`;
    const reason = "Clarified which insurance is meant";
    await answer.getByTestId("edit-post").first().tap();
    if (usesJs(testInfo)) {
      // In place: no navigation, the answer turns into an editor with a preview.
      await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
      const editor = answer.getByTestId("inline-editor");
      await expect(editor).toBeVisible();
      await expect(page).toHaveURL(threadUrl);
      const body = editor.getByRole("textbox", { name: "Text" });
      await expect(body).toHaveValue(original);
      await body.fill(`${fixed}\n\n**Check the policy number.**`);
      await editor.getByTestId("inline-preview").tap();
      await expect(editor.getByTestId("inline-preview-body").locator("strong")).toHaveText("Check the policy number.");
      // A moderator editing someone else's answer must give a reason.
      await editor.getByTestId("save-edit").tap();
      await expect(editor.getByTestId("edit-reason-input")).toBeFocused();
      await editor.getByLabel("Reason for the edit").fill(reason);
      await editor.getByTestId("save-edit").tap();
      await expect(answer.getByTestId("inline-editor")).toHaveCount(0);
      await expect(answer.locator(".prose").first()).toContainText("collective volunteer insurance");
      expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    } else {
      // Without JavaScript the same edit is a form on its own page.
      await expect(page).toHaveURL(/\/edit\/answer\/\d+$/);
      await page.getByRole("textbox", { name: "Text" }).fill(`${fixed}\n\n**Check the policy number.**`);
      await page.getByLabel("Reason for the edit").fill(reason);
      await page.getByTestId("save-edit").tap();
      await expect(page).toHaveURL(/\/questions\/\d+#answer-\d+$/);
      await expect(answer.locator(".prose").first()).toContainText("collective volunteer insurance");
    }

    // The author sees what changed, by whom's role, and why.
    await signIn(page, testInfo, "henk");
    await page.goto(threadUrl);
    await ready(page, testInfo);
    await page.locator("article.answer", { hasText: marker }).getByTestId("history").first().tap();
    await expect(page).toHaveURL(/\/history\/answer\/\d+$/);
    await expect(page.locator(".history__version")).toHaveCount(2);
    await expect(page.getByTestId("edit-reason").first()).toContainText(reason);
    await expect(page.locator(".history__version").first().locator("ins").first()).toContainText("collective");
    // The edit is in the public moderation log, by role.
    await page.goto("/moderation/log");
    await expect(page.getByTestId("moderation-log")).toContainText(reason);
    expect(errors).toEqual([]);
  });
});

test("a flag goes through the moderators' queue to hide the post", async ({ page }, testInfo) => {
  const errors = watchForErrors(page);
  const marker = `${testInfo.project.name}-${Date.now()}`;
  const spam = `Cheap solar panels at our shop, visit now ${marker}`;
  await signIn(page, testInfo, "jos");
  const threadUrl = await answerDemoThread(page, testInfo, "volunteers", spam);

  // A member flags it.
  await signIn(page, testInfo, "anna");
  await page.goto(threadUrl);
  await ready(page, testInfo);
  const answer = page.locator("article.answer", { hasText: marker });
  const flag = answer.getByTestId("flag").first();
  await flag.locator("summary").click();
  await flag.getByLabel("Spam or advertising").check();
  await flag.getByLabel(/Note for the moderators/).fill("Advertising");
  await flag.getByTestId("send-flag").click();
  await expect(page.getByText("Thank you: a moderator will look at it.").first()).toBeVisible();

  // The moderator finds it in the queue and hides it, with a reason.
  await signIn(page, testInfo, "moderator");
  await page.getByTestId("nav-moderation").click();
  await expect(page).toHaveURL(/\/moderation$/);
  await ready(page, testInfo);
  const item = page.getByTestId("queue-item").filter({ hasText: marker });
  await expect(item).toContainText("Spam or advertising");
  await expect(item).toContainText("Advertising");
  const reason = `Advertising for a shop ${marker}`;
  await item.getByLabel("Reason", { exact: true }).fill(reason);
  await item.getByTestId("mod-hide").click();
  await expect(page.getByTestId("queue-item").filter({ hasText: marker })).toHaveCount(0);

  // Gone for everybody else; marked for moderators; logged publicly with the reason.
  await page.goto(threadUrl);
  await expect(page.locator("article.answer", { hasText: marker }).getByTestId("hidden-marker")).toBeVisible();
  await page.context().clearCookies();
  await page.goto(threadUrl);
  await expect(page.locator("h1")).toBeVisible();
  await expect(page.getByText(marker)).toHaveCount(0);
  await page.goto("/moderation/log");
  await expect(page.getByTestId("moderation-log")).toContainText(reason);
  await expect(page.getByTestId("moderation-log")).toContainText("Moderator");
  expect(errors).toEqual([]);
});
