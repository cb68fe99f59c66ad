import { expect, type Page, test, type TestInfo } from "@playwright/test";
import { ready, signInAs, usesJs, watchForErrors } from "./helpers";

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
    await signInAs(page, testInfo, "henk");
    const threadUrl = await answerDemoThread(page, testInfo, "treasurer", original);

    await signInAs(page, testInfo, "moderator");
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
    await signInAs(page, testInfo, "henk");
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
  await signInAs(page, testInfo, "jos");
  const threadUrl = await answerDemoThread(page, testInfo, "volunteers", spam);

  // A member flags it.
  await signInAs(page, testInfo, "anna");
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
  await signInAs(page, testInfo, "moderator");
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

test("a moderator pins and locks a thread and fixes a lab's text in place", async ({ page }, testInfo) => {
  const errors = watchForErrors(page);
  const marker = `${testInfo.project.name}-${Date.now()}`;
  await signInAs(page, testInfo, "moderator");
  await page.goto("/search?q=treasurer");
  await page.locator(".search-hit__title a[href^='/questions/']").first().click();
  await expect(page).toHaveURL(/\/questions\/\d+/);
  const threadUrl = page.url().replace(/[#?].*$/, "");
  const title = (await page.locator("h1").textContent()) ?? "";
  await ready(page, testInfo);

  /** Opens the thread tools (if closed) and gives the reason for the next action. */
  const tools = async (reason: string) => {
    const box = page.getByTestId("thread-tools");
    if ((await box.getAttribute("open")) === null) await box.locator("summary").click();
    await box.getByLabel("Reason", { exact: true }).fill(reason);
    return box;
  };

  // Pin it to the Finance Lab's page.
  const box = await tools(`A good example for treasurers ${marker}`);
  await box.getByLabel("Lab page").selectOption("finance");
  await box.getByTestId("mod-pin").click();
  await expect(page.getByTestId("thread-tools").locator("option[value=finance]")).toContainText("📌");
  expect(page.url().startsWith(threadUrl)).toBe(true);

  // Lock it: no answer form, a notice; then unlock again.
  await (await tools(`Cooling down ${marker}`)).getByTestId("mod-lock").click();
  await expect(page.getByTestId("thread-locked")).toBeVisible();
  await expect(page.getByTestId("post-answer")).toHaveCount(0);
  await (await tools(`Calm again ${marker}`)).getByTestId("mod-unlock").click();
  await expect(page.getByTestId("thread-locked")).toHaveCount(0);
  await expect(page.getByTestId("post-answer")).toBeVisible();

  // The lab page shows the pin; the moderator edits the lab's text where it stands.
  await page.goto("/labs/finance");
  await ready(page, testInfo);
  await expect(page.getByTestId("lab-pinned")).toContainText(title);
  const block = page.getByTestId("text-block");
  const text = `Banks and funds answer money questions from collectives ${marker}.`;
  await block.getByTestId("edit-post").click();
  if (usesJs(testInfo)) {
    await expect(block.getByTestId("inline-editor")).toBeVisible();
  } else {
    await expect(page).toHaveURL(/\/edit\/lab-en\/\d+$/);
  }
  await page.getByRole("textbox", { name: "Text" }).fill(text);
  await page.getByLabel("Reason for the edit").fill("Shorter and clearer");
  await page.getByTestId("save-edit").click();
  await expect(page).toHaveURL(/\/labs\/finance$/);
  await expect(page.getByTestId("text-block")).toContainText(text);

  // Unpinned again, it leaves the lab page.
  await page.goto(threadUrl);
  await ready(page, testInfo);
  const again = await tools(`Example no longer needed ${marker}`);
  await expect(again.getByLabel("Lab page")).toHaveValue("finance");
  await again.getByTestId("mod-unpin").click();
  await expect(page.getByTestId("thread-tools").locator("option[value=finance]")).not.toContainText("📌");
  await page.goto("/labs/finance");
  await expect(page.getByTestId("lab-pinned")).toHaveCount(0);

  await page.goto("/moderation/log");
  const log = page.getByTestId("moderation-log");
  await expect(log).toContainText(`A good example for treasurers ${marker}`);
  await expect(log).toContainText(`Cooling down ${marker}`);
  await expect(log).toContainText("Shorter and clearer");
  expect(errors).toEqual([]);
});
