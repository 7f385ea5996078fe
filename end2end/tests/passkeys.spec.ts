// A user adds a passkey in Chromium's virtual authenticator (CDP WebAuthn), signs in with it
// alone, and removes it, after which it signs nobody in. WebAuthn needs a host name, so these
// journeys open the site as localhost. Without JavaScript the passkey controls stay hidden and
// say what they need; the password remains the way in.
import type { Page } from "@playwright/test";
import { test, expect, demo, login, logout, open, settle, expectAccessible, hydrated } from "./fixtures";

const port = Number(process.env.E2E_PORT ?? 3100);
test.use({ baseURL: `http://localhost:${port}` });

/** A platform authenticator that holds discoverable credentials and verifies its user. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test("a user adds a passkey, signs in with it alone and removes it", async ({ page }, info) => {
  test.skip(!hydrated(info), "passkeys need JavaScript");
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  // An account no other journey uses, in Russian.
  const user = { email: "research@demo.concord.kg", password: demo.reporter.password };
  await login(page, info, user.email, user.password);
  await open(page, "/account", info);
  const section = page.locator("#passkeys");
  await expect(section.getByRole("heading", { name: "Ключи доступа" })).toBeVisible();
  await expect(section.getByText(/Для ключей доступа нужны JavaScript/)).toBeHidden();
  await section.getByLabel("Название ключа доступа").fill("Рабочий ноутбук");
  // The current password is asked first: a wrong one is named next to the button.
  await section.getByLabel("Текущий пароль").fill("не тот пароль");
  await section.getByRole("button", { name: "Добавить ключ доступа" }).click();
  await expect(section.getByRole("status")).toHaveText("Текущий пароль неверен.");
  await section.getByLabel("Текущий пароль").fill(user.password);
  await section.getByRole("button", { name: "Добавить ключ доступа" }).click();
  await page.waitForURL(/done=passkey/);
  await settle(page, info);
  await expect(page.getByText("Ключ доступа добавлен. Теперь с ним можно входить.")).toBeVisible();
  const table = page.getByTestId("passkeys");
  await expect(table.getByRole("cell", { name: "Рабочий ноутбук" })).toBeVisible();
  await expect(table.getByRole("cell", { name: "никогда" })).toBeVisible();
  await expectAccessible(page);
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0].isResidentCredential).toBe(true);

  // Signed out, the passkey alone signs in: no email, no password.
  await logout(page, info);
  await open(page, "/login?next=/account", info);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Войти с ключом доступа" }).click();
  await page.waitForURL((url) => url.pathname === "/account");
  await settle(page, info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Моя учётная запись");
  await expect(page.getByTestId("passkeys").getByRole("cell", { name: "никогда" })).toHaveCount(0);

  // Removed, it signs nobody in, and the page says so next to the button.
  await page.locator("#passkeys").getByRole("button", { name: "Удалить" }).click();
  await page.waitForURL(/done=passkey-removed/);
  await settle(page, info);
  await expect(page.getByText("Ключей доступа пока нет.")).toBeVisible();
  await logout(page, info);
  await open(page, "/login", info);
  await page.getByRole("button", { name: "Войти с ключом доступа" }).click();
  await expect(page.getByRole("status")).toHaveText(/Этот ключ доступа здесь не зарегистрирован/);
  await expect(page).toHaveURL(/\/login/);
});

test("an administrator sees a user's passkeys; without JavaScript the password is the way in", async ({ page }, info) => {
  await login(page, info, demo.administrator.email, demo.administrator.password);
  await open(page, "/users", info);
  await page.getByRole("link", { name: demo.reporter.name }).first().click();
  await page.waitForURL(/\/users\/\d+/);
  await settle(page, info);
  await expect(page.locator("#security").getByRole("heading", { name: "Ключи доступа" })).toBeVisible();
  await expect(page.locator("#security").getByText("Ключей доступа пока нет.")).toBeVisible();
  await open(page, "/account", info);
  const note = page.locator("#passkeys").getByText(/Для ключей доступа нужны JavaScript/);
  const button = page.getByRole("button", { name: "Добавить ключ доступа" });
  if (hydrated(info)) {
    await expect(note).toBeHidden();
    await expect(button).toBeVisible();
  } else {
    await expect(note).toBeVisible();
    await expect(button).toBeHidden();
  }
  await logout(page, info);
  await open(page, "/login", info);
  await expect(page.getByRole("button", { name: "Войти с ключом доступа" })).toHaveCount(hydrated(info) ? 1 : 0);
  // Opened by a numeric address, where WebAuthn cannot work, the button stays hidden.
  await page.goto(`http://127.0.0.1:${port}/login`);
  await settle(page, info);
  await expect(page.getByRole("button", { name: "Войти с ключом доступа" })).toHaveCount(0);
});
