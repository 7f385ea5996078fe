// An administrator creates an organisation and a user; the user logs in with the one-time
// password, must change it, and then sees the concept's framework.
import { test, expect, demo, login, logout, open, settle, expectAccessible, unique } from "./fixtures";

test("an administrator creates an organisation and a user who then logs in", async ({ page }, info) => {
  await login(page, info, demo.administrator.email, demo.administrator.password);

  // A new NGO; first with a mistake, which is shown next to its field with the input kept.
  await open(page, "/organizations/new", info);
  await expectAccessible(page);
  const name = unique("Жаштар демилгеси");
  await page.getByLabel("Вид").selectOption("ngo");
  await page.getByLabel("Название на кыргызском").fill(name);
  await page.getByLabel("Название на русском").fill(name);
  await page.getByLabel("Электронная почта для связи").fill("not-an-email");
  await page.getByRole("button", { name: "Сохранить" }).click();
  await expect(page.getByLabel("Электронная почта для связи")).toHaveAccessibleDescription("Введите адрес вида name@example.kg.");
  await expect(page.getByLabel("Название на кыргызском")).toHaveValue(name);
  await page.getByLabel("Электронная почта для связи").fill("youth@example.kg");
  await page.getByLabel("Область").selectOption({ label: "Ошская область" });
  await page.getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/\/organizations\/\d+/);
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText("Организация создана.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  const organizationUrl = page.url();

  // A new reporter in it.
  await open(page, "/users/new", info);
  const email = `${unique("user").replace(/\W+/g, ".")}@example.kg`.toLowerCase();
  await page.getByLabel("Фамилия, имя").fill("Жаңыл Мырзабекова");
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Организация").selectOption({ label: name });
  await page.getByLabel("Роль").selectOption("reporter");
  await page.getByLabel("Язык интерфейса").selectOption("ky");
  await page.getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/\/users\/\d+/);
  await settle(page, info);
  const password = (await page.getByTestId("one-time-password").textContent())?.trim() ?? "";
  expect(password).toHaveLength(16);
  await expectAccessible(page);
  await open(page, new URL(organizationUrl).pathname, info);
  await expect(page.getByRole("main").getByRole("link", { name: "Жаңыл Мырзабекова" })).toBeVisible();
  await logout(page, info);

  // The new user must choose a password first.
  await login(page, info, email, password);
  await expect(page).toHaveURL(/\/account$/);
  // The page's language is an attribute of <html>, which no role or label shows.
  await expect(page.locator("html")).toHaveAttribute("lang", "ky");
  await expect(page.getByRole("alert")).toContainText("бир жолку сырсөз");
  await page.getByLabel("Учурдагы сырсөз").fill(password);
  await page.getByLabel(/^Жаңы сырсөз\s*\*?$/).fill("password123");
  await page.getByLabel("Жаңы сырсөздү кайталаңыз").fill("password123");
  await page.getByRole("button", { name: "Сырсөздү өзгөртүү" }).click();
  await expect(page.getByLabel(/^Жаңы сырсөз\s*\*?$/)).toHaveAccessibleDescription(/оңой табылат/);
  await page.getByLabel("Учурдагы сырсөз").fill(password);
  await page.getByLabel(/^Жаңы сырсөз\s*\*?$/).fill("Тоо-булак-жылдыз-2026");
  await page.getByLabel("Жаңы сырсөздү кайталаңыз").fill("Тоо-булак-жылдыз-2026");
  await page.getByRole("button", { name: "Сырсөздү өзгөртүү" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await settle(page, info);
  await expect(page.getByRole("heading", { name: "Стратегиялык багыттар" })).toBeVisible();
  await expect(page.getByText("Дарылоо тутумун өркүндөтүү")).toBeVisible();
});

test("a reporter sees only their own organisation's people", async ({ page }, info) => {
  await login(page, info, demo.reporter.email, demo.reporter.password);
  await open(page, "/users", info);
  const main = page.getByRole("main");
  await expect(main.getByRole("link", { name: demo.reporter.name })).toBeVisible();
  await expect(main.getByRole("link", { name: demo.administrator.name })).toHaveCount(0);
  await expectAccessible(page);
  await open(page, "/organizations/new", info);
  await expect(page.getByRole("heading", { name: "Доступ запрещён" })).toBeVisible();
});

test("the directory and account pages are accessible", async ({ page }, info) => {
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  for (const path of ["/", "/organizations", "/users", "/account", "/about"]) {
    await open(page, path, info);
    await expectAccessible(page);
  }
});

test("an administrator reads the audit log, narrows it and downloads it", async ({ page }, info) => {
  await login(page, info, demo.administrator.email, demo.administrator.password);
  await expect(page.locator('nav a[href="/audit"]')).toHaveCount(1);
  await open(page, "/audit", info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Журнал аудита");
  await expect(page.getByTestId("audit")).toContainText("Вход");
  await expectAccessible(page);
  await page.getByLabel("Событие").selectOption("sign_in");
  await page.getByLabel("Человек (имя или электронная почта)").fill(demo.administrator.email);
  await page.getByRole("button", { name: "Показать" }).click();
  await page.waitForURL(/kind=sign_in/);
  await settle(page, info);
  const rows = page.getByTestId("audit").locator("tbody tr");
  await expect(rows.first()).toContainText(demo.administrator.email);
  const download = await page.request.get((await page.getByTestId("audit-download").getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect(await download.text()).toContain(demo.administrator.email);
  await logout(page, info);
  // Nobody else sees it.
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await expect(page.locator('nav a[href="/audit"]')).toHaveCount(0);
  await open(page, "/audit", info);
  await expect(page.getByRole("heading", { name: "Доступ запрещён" })).toBeVisible();
});
