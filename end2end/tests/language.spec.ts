// The language switch on every page changes the text and <html lang>, and sticks.
import { test, expect, open, settle, expectAccessible } from "./fixtures";

test("switching between Kyrgyz, Russian and English", async ({ page }, info) => {
  await open(page, "/", info);
  // The page's language is an attribute of <html>, which no role or label shows (here and below).
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Концепция государственной наркополитики");
  await expectAccessible(page);

  const steps: [string, string, string][] = [
    ["Кыргызча", "ky", "Мамлекеттик баңгисаясаттын концепциясы"],
    ["English", "en", "The state drug policy concept"],
    ["Русский", "ru", "Концепция государственной наркополитики"],
  ];
  for (const [button, lang, heading] of steps) {
    await page.getByRole("button", { name: button }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await settle(page, info);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  }

  // The choice sticks on other pages.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await open(page, "/about", info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("About Concord");
  await expect(page.getByText("CC BY 4.0").first()).toBeVisible();
});

test("the first visit follows the browser's language", async ({ browser }, info) => {
  const context = await browser.newContext({ locale: "ky-KG", javaScriptEnabled: info.project.name === "hydrated" });
  const page = await context.newPage();
  await page.goto("/");
  // The page's language is an attribute of <html>, which no role or label shows.
  await expect(page.locator("html")).toHaveAttribute("lang", "ky");
  await expect(page.getByRole("heading", { name: "Стратегиялык багыттар" })).toBeVisible();
  await context.close();
});
