// Every role logs in, sees who they are, and logs out.
import { test, expect, demo, login, logout, open, expectAccessible } from "./fixtures";

for (const [role, account] of Object.entries(demo)) {
  test(`the ${role} logs in and out`, async ({ page }, info) => {
    await login(page, info, account.email, account.password);
    await expect(page.getByRole("banner").getByRole("link", { name: account.name })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await logout(page, info);
  });
}

test("a wrong password is refused with a message and the email kept", async ({ page }, info) => {
  await open(page, "/login", info);
  await page.getByLabel("Электронная почта").fill(demo.coordinator.email);
  await page.getByLabel("Пароль").fill("not-the-password");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByRole("alert")).toContainText("Неверная почта или пароль");
  await expectAccessible(page);
});

test("an invalid email gets a message next to the field", async ({ page }, info) => {
  await open(page, "/login", info);
  await page.getByLabel("Электронная почта").fill("not-an-email");
  await page.getByLabel("Пароль").fill("whatever-password");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByLabel("Электронная почта")).toHaveAccessibleDescription("Введите адрес вида name@example.kg.");
  await expect(page.getByLabel("Электронная почта")).toHaveValue("not-an-email");
});
