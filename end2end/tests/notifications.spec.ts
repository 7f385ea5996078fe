// A coordinator comments on a task of Duysheev's aiyl okmotu; its reporter sees the unread count
// in the header, finds the comment in the notification centre, marks it read and opens the task
// from it; then chooses which notifications come by email.
import { test, expect, demo, login, logout, open, settle, expectAccessible, unique } from "./fixtures";

test("a reporter hears of a comment on their organisation's task in the notification centre", async ({ page }, info) => {
  const body = unique("Уточните охват школ");

  // One of the reporter's organisation's tasks.
  await login(page, info, demo.reporter.email, demo.reporter.password);
  await open(page, "/tasks", info);
  await page.getByRole("main").getByRole("table").getByRole("link").first().click();
  await page.waitForURL(/\/tasks\/\d+$/);
  const taskUrl = new URL(page.url()).pathname;
  await logout(page, info);

  // The coordinator asks a question in its discussion.
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, taskUrl, info);
  await page.getByLabel("Ваш комментарий").fill(body);
  await page.getByRole("button", { name: "Добавить комментарий" }).click();
  await page.waitForURL(/done=comment/);
  await settle(page, info);
  await logout(page, info);

  // The reporter sees it counted in the header and listed in the centre.
  await login(page, info, demo.reporter.email, demo.reporter.password);
  await expect(page.getByTestId("notification-count")).toBeVisible();
  await page.getByRole("link", { name: /^Уведомления/ }).click();
  await page.waitForURL(/\/notifications$/);
  await settle(page, info);
  await expectAccessible(page);
  const item = page.getByTestId("notifications").getByRole("listitem").filter({ hasText: body });
  await expect(item).toContainText("Новый комментарий в обсуждении поручения");
  await expect(item).toContainText(demo.coordinator.name);
  await item.getByRole("button", { name: "Отметить прочитанным" }).click();
  await page.waitForURL(/done=read/);
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText("Уведомления отмечены прочитанными.");
  const read = page.getByTestId("notifications").getByRole("listitem").filter({ hasText: body });
  await expect(read.getByRole("button", { name: "Отметить прочитанным" })).toHaveCount(0);
  await read.getByRole("link").click();
  await page.waitForURL((url) => url.pathname === taskUrl);
  await settle(page, info);
  await expect(page.locator("#comments")).toContainText(body);

  // How each kind comes by email: the reporter gathers comments into the daily digest, and the
  // choice is kept; escalations cannot be switched off.
  await open(page, "/notifications", info);
  const comments = page.getByRole("group", { name: "Новый комментарий в обсуждении поручения" });
  await expect(comments.getByRole("radio", { name: "Сразу" })).toBeChecked();
  await comments.getByRole("radio", { name: "Ежедневная сводка (08:00)" }).check();
  await page.locator("#email").getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/done=preferences/);
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText("Настройки сохранены.");
  await expect(
    page.getByRole("group", { name: "Новый комментарий в обсуждении поручения" }).getByRole("radio", { name: "Ежедневная сводка (08:00)" }),
  ).toBeChecked();
  await expect(
    page.getByRole("group", { name: "Вашей организации дано поручение" }).getByRole("radio", { name: "Сразу" }),
  ).toBeChecked();
  const overdue = page.getByRole("group", { name: "Срок поручения истёк три дня назад" });
  await expect(overdue).toContainText("Всегда, сразу");
  await expect(overdue.getByRole("radio")).toHaveCount(0);
  await expectAccessible(page);
  // Back as it was, for the next run.
  await page
    .getByRole("group", { name: "Новый комментарий в обсуждении поручения" })
    .getByRole("radio", { name: "Сразу" })
    .check();
  await page.locator("#email").getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/done=preferences/);
  await settle(page, info);

  // The reporter sets where their organisation's escalations go; a malformed address is
  // refused beside the field and kept as typed.
  const contact = page.locator("#contact");
  const field = contact.getByLabel("Электронная почта для связи");
  const before = await field.inputValue();
  await field.fill("akim at kemin");
  await contact.getByRole("button", { name: "Сохранить" }).click();
  await settle(page, info);
  await expect(page.locator("#contact").getByLabel("Электронная почта для связи")).toHaveValue("akim at kemin");
  await expect(page.locator("#contact").getByLabel("Электронная почта для связи")).toHaveAccessibleDescription(
    /Введите адрес вида name@example\.kg\.$/,
  );
  await page.locator("#contact").getByLabel("Электронная почта для связи").fill(before);
  await page.locator("#contact").getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/done=contact/);
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText("Контактный адрес сохранён.");
  await expect(page.locator("#contact").getByLabel("Электронная почта для связи")).toHaveValue(before);
});

test("an unsubscribe link asks first and refuses one that was not signed by Concord", async ({ page }, info) => {
  // Opened from a message by someone not logged in: the page names the kind and asks.
  await open(page, "/mail/unsubscribe?user=1&kind=task_assigned&sig=00", info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Отписка от писем");
  await expect(page.getByRole("main")).toContainText("Больше не получать такие уведомления по электронной почте?");
  await expect(page.getByRole("main")).toContainText("Вашей организации дано поручение");
  await expectAccessible(page);
  // A forged signature changes nothing and says so.
  await page.getByRole("button", { name: "Отписаться" }).click();
  await settle(page, info);
  await expect(page.getByRole("alert")).toHaveText("Эта ссылка неверна или устарела.");
  // A link for a kind that does not exist is not valid either.
  await open(page, "/mail/unsubscribe?user=1&kind=task_deleted&sig=00", info);
  await expect(page.getByRole("main")).toContainText("Эта ссылка неверна или устарела.");
  await expect(page.getByRole("button", { name: "Отписаться" })).toHaveCount(0);
});
