// A new user turns on an authenticator app (codes computed here from the key the page shows),
// signs in with a code and with a recovery code, sees their sessions and ends another one; an
// administrator resets the second factor.
import { createHmac } from "node:crypto";
import type { Page, TestInfo } from "@playwright/test";
import { test, expect, demo, login, logout, open, settle, expectAccessible, unique } from "./fixtures";

/** RFC 4648 base32 to bytes. */
function base32(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text.replace(/[\s=]/g, "").toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The six-digit code (RFC 6238, SHA-1, 30 s) an app shows `steps` steps from now. */
function totp(secret: string, steps = 0): string {
  const counter = Math.floor(Date.now() / 1000 / 30) + steps;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", base32(secret)).update(message).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

/** Signs in with the password and then the code typed into the second step. */
async function signInWithCode(page: Page, info: TestInfo, email: string, password: string, code: string) {
  await open(page, "/login", info);
  await page.getByLabel(/Электронная почта/).fill(email);
  await page.getByLabel(/^Пароль/).fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL(/\/login\/code/);
  await settle(page, info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Второй фактор");
  await page.getByLabel(/^Код/).fill(code);
  await page.getByRole("button", { name: "Продолжить" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await settle(page, info);
}

test("a user turns on an authenticator app, signs in with it and ends another session", async ({ page, browser }, info) => {
  // An administrator creates the user (the demo's accounts stay as they are for other journeys).
  await login(page, info, demo.administrator.email, demo.administrator.password);
  await open(page, "/users/new", info);
  const email = `${unique("totp").replace(/\W+/g, ".")}@example.kg`.toLowerCase();
  await page.getByLabel("Фамилия, имя").fill("Айгүл Токтосунова");
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Организация").selectOption({ index: 1 });
  await page.getByLabel("Роль").selectOption("reporter");
  await page.getByLabel("Язык интерфейса").selectOption("ru");
  await page.getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/\/users\/\d+/);
  await settle(page, info);
  const userUrl = new URL(page.url()).pathname;
  const oneTime = (await page.getByTestId("one-time-password").textContent())?.trim() ?? "";
  await logout(page, info);
  await login(page, info, email, oneTime);
  const password = "Арча-Булак-Жылдыз-2026";
  await page.getByLabel("Текущий пароль").fill(oneTime);
  await page.getByLabel(/^Новый пароль\s*\*?$/).fill(password);
  await page.getByLabel("Повторите новый пароль").fill(password);
  await page.getByRole("button", { name: "Сменить пароль" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await settle(page, info);

  // Off at first; the account page leads to the enrolment.
  await open(page, "/account", info);
  await expect(page.getByTestId("second-factor-state")).toContainText("Выключен");
  await page.getByRole("link", { name: "Настроить приложение-аутентификатор" }).click();
  await page.waitForURL(/\/account\/second-factor$/);
  await settle(page, info);
  await expect(page.getByRole("img", { name: "QR-код для приложения-аутентификатора" })).toBeVisible();
  await expectAccessible(page);
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  expect(secret.replace(/\s/g, "")).toHaveLength(32);

  // A wrong code is named next to the field; the right one turns it on and shows the codes once.
  await page.getByLabel(/^Код/).fill("000000");
  await page.getByRole("button", { name: "Включить" }).click();
  await expect(page.getByLabel(/^Код/)).toHaveAccessibleDescription(/Код неверный/);
  await page.getByLabel(/^Код/).fill(totp(secret));
  await page.getByRole("button", { name: "Включить" }).click();
  await page.waitForURL(/\/account\/recovery-codes$/);
  await settle(page, info);
  const codes = (await page.getByTestId("recovery-codes").getByRole("listitem").allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await expectAccessible(page);
  await page.reload();
  await expect(page.getByText("Коды были показаны один раз")).toBeVisible();

  // Signing in now asks for a code: the one just used is refused, the next one is taken.
  await logout(page, info);
  await open(page, "/login", info);
  await page.getByLabel(/Электронная почта/).fill(email);
  await page.getByLabel(/^Пароль/).fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL(/\/login\/code/);
  await settle(page, info);
  await expectAccessible(page);
  await page.getByLabel(/^Код/).fill(totp(secret, -1));
  await page.getByRole("button", { name: "Продолжить" }).click();
  await expect(page.getByLabel(/^Код/)).toHaveAccessibleDescription(/уже использован|Код неверный/);
  await page.getByLabel(/^Код/).fill(totp(secret, 1));
  await page.getByRole("button", { name: "Продолжить" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await settle(page, info);

  // A second browser signs in with a recovery code.
  const other = await browser.newContext({ javaScriptEnabled: info.project.name === "hydrated", locale: "ru-RU" });
  const otherPage = await other.newPage();
  await signInWithCode(otherPage, info, email, password, codes[0]);

  // Both sessions are listed; this one is marked, the other is ended from here.
  await open(page, "/account", info);
  await expect(page.getByTestId("second-factor-state")).toContainText("Включён");
  await expect(page.getByTestId("unused-codes")).toHaveText("9");
  const sessions = page.getByTestId("sessions");
  await expect(sessions.getByRole("row")).toHaveCount(3);
  await expect(sessions.getByText("Этот сеанс")).toBeVisible();
  await expectAccessible(page);
  await sessions.getByRole("button", { name: "Завершить" }).click();
  await page.waitForURL(/done=session/);
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText("Сеанс завершён.");
  await expect(page.getByTestId("sessions").getByRole("row")).toHaveCount(2);
  await otherPage.goto("/tasks");
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();

  // The administrator resets the second factor: the user's sessions end.
  await logout(page, info);
  await login(page, info, demo.administrator.email, demo.administrator.password);
  await open(page, userUrl, info);
  await expect(page.getByTestId("user-second-factor")).toHaveText("Включён");
  await page.getByRole("button", { name: "Сбросить второй фактор" }).click();
  await page.waitForURL(/done=second-factor/);
  await settle(page, info);
  await expect(page.getByTestId("user-second-factor")).toHaveText("Выключен");
  await expectAccessible(page);
  await logout(page, info);
  // The password alone signs in again.
  await login(page, info, email, password);
  await expect(page).not.toHaveURL(/\/login/);
});

test("administrators set who must use a second factor", async ({ page }, info) => {
  await login(page, info, demo.administrator.email, demo.administrator.password);
  await open(page, "/users", info);
  await page.getByRole("link", { name: "Требование второго фактора" }).click();
  await page.waitForURL(/\/security$/);
  await settle(page, info);
  await expectAccessible(page);
  // The demo requires it of nobody; the form saves what is ticked and comes back unchanged.
  const observers = page.getByLabel("Наблюдатель");
  await expect(observers).not.toBeChecked();
  await page.getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/done=saved/);
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText("Сохранено.");
  await expect(page.getByLabel("Наблюдатель")).not.toBeChecked();
  await expect(page.getByText("Ни одна организация не требует его отдельно.")).toBeVisible();
});
