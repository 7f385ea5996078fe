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

  // Which kinds come by email: the reporter switches comments off, and the choice is kept.
  await open(page, "/notifications", info);
  const email = page.getByRole("group", { name: "По электронной почте" });
  const comments = email.getByRole("checkbox", { name: "Новый комментарий в обсуждении поручения" });
  await expect(comments).toBeChecked();
  await comments.uncheck();
  await page.locator("#email").getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/done=preferences/);
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText("Настройки сохранены.");
  await expect(email.getByRole("checkbox", { name: "Новый комментарий в обсуждении поручения" })).not.toBeChecked();
  await expect(email.getByRole("checkbox", { name: "Вашей организации дано поручение" })).toBeChecked();
  await expectAccessible(page);
  // Back as it was, for the next run.
  await email.getByRole("checkbox", { name: "Новый комментарий в обсуждении поручения" }).check();
  await page.locator("#email").getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/done=preferences/);
  await settle(page, info);
});
