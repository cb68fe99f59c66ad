import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { ready, usesJs, watchForErrors } from "./helpers";

// Demo accounts (README): every demo account signs in with this password.
const DEMO_PASSWORD = "demo-collectief";
const demo = (key: string) => `${key}@demo.collectievekracht.example`;

async function signIn(page: Page, testInfo: TestInfo, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await ready(page, testInfo);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByTestId("sign-in-submit").click();
}

async function newSignedInPage(browser: Browser, testInfo: TestInfo, email: string) {
  const context = await browser.newContext({
    javaScriptEnabled: usesJs(testInfo),
    locale: "en-GB",
  });
  const page = await context.newPage();
  await signIn(page, testInfo, email);
  await expect(page.getByTestId("nav-account")).toBeVisible();
  return { context, page };
}

test("a new member signs up, asks to join a collective, and its admin approves", async ({ page, browser }, testInfo) => {
  const errors = watchForErrors(page);
  const name = `Fenna ${testInfo.project.name} ${Date.now() % 100000}`;
  const email = `fenna-${testInfo.project.name}-${Date.now()}@example.nl`;
  await page.goto("/signup");
  await ready(page, testInfo);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("zonnepanelen op het dorpshuis");
  await page.getByTestId("sign-up-submit").click();
  await expect(page).toHaveURL(/\/collectives\?welcome=1$/);
  await expect(page.getByTestId("nav-account")).toHaveText(name);

  await page.goto("/collectives/polderstroom");
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Ask to join" }).click();
  await expect(page.getByTestId("membership-pending")).toBeVisible();

  // Polderstroom's admin sees the request on the collective's page and approves it.
  const admin = await newSignedInPage(browser, testInfo, demo("gerrit"));
  await admin.page.goto("/collectives/polderstroom");
  await ready(admin.page, testInfo);
  const request = admin.page.getByTestId("join-request").filter({ hasText: name });
  await request.getByRole("button", { name: "Approve" }).click();
  await expect(admin.page.getByTestId("join-request").filter({ hasText: name })).toHaveCount(0);
  await admin.context.close();

  await page.reload();
  await expect(page.getByTestId("membership")).toContainText("You are a member of this collective.");
  expect(errors).toEqual([]);
});

test("a partner signs in on a phone and lands signed in, without sideways scrolling", async ({ browser }, testInfo) => {
  const context = await browser.newContext({
    javaScriptEnabled: usesJs(testInfo),
    locale: "en-GB",
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const errors = watchForErrors(page);
  await signIn(page, testInfo, demo("marloes"));
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("nav-account")).toHaveText("Marloes Timmermans");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  const box = await page.getByTestId("sign-out").boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  // Her profile shows both of her labs.
  await page.getByTestId("nav-account").click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(demo("marloes"))).toBeVisible();
  await page.locator(".facts").getByRole("link", { name: "Marloes Timmermans" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Marloes Timmermans");
  await expect(page.getByTestId("profile-labs").locator(".lab-badge")).toHaveCount(2);
  await page.getByTestId("sign-out").click();
  await expect(page.getByTestId("nav-sign-in")).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});

test("a wrong password shows the error next to the field and keeps the address", async ({ page, browser }, testInfo) => {
  await signIn(page, testInfo, demo("henk"), "not my password");
  const password = page.getByLabel("Password");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#signin-password-error")).toHaveText("The email address or password is not right.");
  await expect(page.getByLabel("Email address")).toHaveValue(demo("henk"));
  await expect(page.getByTestId("nav-sign-in")).toBeVisible();

  const dutch = await browser.newContext({ javaScriptEnabled: usesJs(testInfo), locale: "nl-NL" });
  const nl = await dutch.newPage();
  await nl.goto("/signin");
  await ready(nl, testInfo);
  await nl.getByLabel("E-mailadres").fill("geen-adres");
  await nl.getByLabel("Wachtwoord").fill("iets");
  // The browser's own check would stop the no-JS form first; the server's message is the point.
  await nl.locator("form[data-form=signin]").evaluate((f) => f.setAttribute("novalidate", ""));
  await nl.getByTestId("sign-in-submit").click();
  await expect(nl.locator("#signin-email-error")).toHaveText("Dit is geen geldig e-mailadres.");
  await dutch.close();
});

test("signed-out visitors and members cannot reach the admin page; admins can", async ({ page, browser }, testInfo) => {
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(401);
  await expect(page.getByTestId("sign-in-first")).toBeVisible();
  await expect(page.getByTestId("admin-user")).toHaveCount(0);

  const member = await newSignedInPage(browser, testInfo, demo("henk"));
  const refused = await member.page.goto("/admin");
  expect(refused?.status()).toBe(403);
  await expect(member.page.getByText("Your account may not do this.")).toBeVisible();
  await member.context.close();

  const admin = await newSignedInPage(browser, testInfo, demo("admin"));
  await admin.page.goto("/admin?q=marloes");
  await expect(admin.page.getByTestId("admin-user")).toHaveCount(1);
  await expect(admin.page.getByTestId("admin-user")).toContainText(demo("marloes"));
  await admin.context.close();
});
