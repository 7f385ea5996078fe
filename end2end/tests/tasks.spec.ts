// A coordinator assigns a task to every aiyl okmotu of Kemin district; one municipality's
// reporter accepts and completes it; the coordinator returns it with a comment; the reporter
// completes it again; the coordinator verifies it. The assignment's roll-up and the task's
// history show every step.
import { type Page } from "@playwright/test";
import { test, expect, definition, demo, hydrated, login, logout, open, settle, expectAccessible, statusShown, unique } from "./fixtures";

/** Submits the form of one move (e.g. "accept"), filling its note first when given. */
async function move(page: Page, info: Parameters<typeof settle>[1], name: string, button: string, note?: string) {
  // A <form> without a name has no role; the move's form is the one with its button.
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: button, exact: true }) });
  if (note !== undefined) await form.getByRole("textbox").fill(note);
  await form.getByRole("button", { name: button }).click();
  await page.waitForURL(new RegExp(`done=${name}`));
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText("Поручение обновлено.");
}

test("a task assigned to a district's municipalities is done, returned, redone and verified", async ({ page }, info) => {
  const title = unique("Профилактика в школах Кемина");

  // The coordinator assigns it to every local self-government body of Kemin district.
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/tasks/new", info);
  await expectAccessible(page);
  // First with a due date before the start: refused next to the field, input kept.
  await page.getByLabel("Название на русском").fill(title);
  await page.getByLabel("Категория").selectOption("primary_prevention");
  await page.getByRole("checkbox", { name: /^O1\./ }).check();
  await page.getByRole("radio", { name: /^Всем действующим организациям/ }).check();
  // With JavaScript only the fields that apply show; without, all of them do.
  if (hydrated(info)) {
    await expect(page.getByLabel("Ответственная организация")).toBeHidden();
  } else {
    await expect(page.getByLabel("Ответственная организация")).toBeVisible();
  }
  await page.getByLabel("Вид организации").selectOption("local_government");
  // The organisations' region and district, under "Кто" (the task's own, under "Где и когда", share the labels).
  const who = page.getByRole("group", { name: "Кто", exact: true });
  await who.getByLabel("Область", { exact: true }).selectOption({ label: "Чуйская область" });
  await who.getByLabel("Район", { exact: true }).selectOption({ label: "Кеминский район" });
  await page.getByLabel("Дата начала").fill("2026-12-01");
  await page.getByLabel("Срок исполнения").fill("2026-11-01");
  await page.getByRole("button", { name: "Поручить" }).click();
  await expect(page.getByLabel("Срок исполнения")).toHaveAccessibleDescription("Срок исполнения не может быть раньше даты начала.");
  await expect(page.getByLabel("Название на русском")).toHaveValue(title);
  await page.getByLabel("Срок исполнения").fill("2027-03-01");
  await page.getByRole("button", { name: "Поручить" }).click();
  await page.waitForURL(/\/tasks\/\d+\?done=created/);
  await settle(page, info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const rollup = page.getByTestId("rollup");
  await expect(rollup).toContainText("Организаций");
  await expect(definition(rollup, "Организаций")).toHaveText("3");
  const groupUrl = new URL(page.url()).pathname;
  await page.getByRole("row").filter({ hasText: "Айыл окмоту Дуйшеев" }).getByRole("link").click();
  await page.waitForURL(/\/tasks\/\d+$/);
  await settle(page, info);
  const taskUrl = new URL(page.url()).pathname;
  await expectAccessible(page);
  await logout(page, info);

  // The municipality's reporter finds it in the inbox, accepts, works and completes it.
  await login(page, info, demo.reporter.email, demo.reporter.password);
  await expect(page.getByTestId("inbox-count")).toBeVisible();
  await open(page, "/inbox", info);
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await expectAccessible(page);
  await open(page, taskUrl, info);
  await move(page, info, "accept", "Принять");
  await move(page, info, "start", "Начать работу");
  await move(page, info, "complete", "Отметить выполненным", "Беседы проведены в 4 школах.");
  await logout(page, info);

  // The coordinator returns it with a comment.
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, taskUrl, info);
  await move(page, info, "return", "Вернуть на доработку", "Приложите список школ.");
  await logout(page, info);

  // The reporter works on it again and completes it.
  await login(page, info, demo.reporter.email, demo.reporter.password);
  await open(page, taskUrl, info);
  await expect(page.getByText("Приложите список школ.")).toBeVisible();
  await move(page, info, "start", "Начать работу");
  await move(page, info, "complete", "Отметить выполненным", "Список школ приложен.");
  await logout(page, info);

  // The coordinator verifies; the history and the roll-up show each step.
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, taskUrl, info);
  await move(page, info, "verify", "Подтвердить выполнение");
  await expect(statusShown(page, "Проверено")).toBeVisible();
  const history = page.getByTestId("history");
  await expect(history.getByRole("row")).toHaveCount(11); // heading + 10 steps
  await expect(history).toContainText("Выполнено → На доработке");
  await expect(history).toContainText("Приложите список школ.");
  await expect(history).toContainText("Выполнено → Проверено");
  await expectAccessible(page);
  await open(page, groupUrl, info);
  await expect(definition(rollup, "Проверено")).toHaveText("1");
  await expect(definition(rollup, "Поручено")).toHaveText("2");
});

test("the task list filters by the URL and pages on", async ({ page }, info) => {
  await login(page, info, demo.observer.email, demo.observer.password);
  await open(page, "/tasks?category=harm_reduction", info);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByLabel(/^Category/)).toHaveValue("harm_reduction");
  await expect(page.getByRole("link", { name: "Outreach services in Osh region" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Lessons on drug harms in Kemin district schools" })).toHaveCount(0);
  await expectAccessible(page);
  // Observers read; they are offered no moves and no comment box.
  await page.getByRole("link", { name: "Outreach services in Osh region" }).click();
  await settle(page, info);
  await expect(page.getByRole("heading", { name: "What you can do" })).toHaveCount(0);
  await expect(page.getByLabel("Your comment")).toHaveCount(0);
  // From the lead organisation's page to the tasks it leads.
  await page.getByRole("main").getByRole("link", { name: "Healthy Generation Foundation (demo)" }).click();
  await settle(page, info);
  await page.getByRole("link", { name: "Tasks this organisation leads" }).click();
  await settle(page, info);
  // The paragraph naming the filter in use, with its link to clear it.
  const activeFilter = page.getByRole("main").getByRole("paragraph").filter({ has: page.getByRole("link", { name: "Clear filters" }) });
  await expect(activeFilter).toContainText("Healthy Generation Foundation (demo)");
  await expect(page.getByRole("link", { name: "Training of volunteers" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Lessons on drug harms in Kemin district schools" })).toHaveCount(0);
});

test("a coordinator saves a draft, edits it and assigns it", async ({ page }, info) => {
  const title = unique("Черновик: обучение волонтёров");
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/tasks/new", info);
  await page.getByLabel("Название на русском").fill(title);
  await page.getByLabel("Категория").selectOption("civil_society");
  await page.getByRole("checkbox", { name: /^O8\./ }).check();
  await page.getByLabel("Ответственная организация").selectOption({ label: "ОФ «Здоровое поколение» (демо)" });
  await page.getByLabel("Срок исполнения").fill("2027-02-01");
  await page.getByRole("button", { name: "Сохранить черновик" }).click();
  await page.waitForURL(/\/tasks\/\d+\?done=created/);
  await settle(page, info);
  await expect(statusShown(page, "Черновик")).toBeVisible();
  await page.getByRole("link", { name: "Изменить черновик" }).click();
  await page.waitForURL(/\/edit$/);
  await settle(page, info);
  await expect(page.getByLabel("Название на русском")).toHaveValue(title);
  await expect(page.getByRole("checkbox", { name: /^O8\./ })).toBeChecked();
  await expectAccessible(page);
  await page.getByLabel("Название на русском").fill(`${title} (уточнено)`);
  await page.getByRole("button", { name: "Поручить" }).click();
  await page.waitForURL(/done=assign/);
  await settle(page, info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${title} (уточнено)`);
  await expect(statusShown(page, "Поручено")).toBeVisible();
  await expect(page.getByTestId("history")).toContainText("Изменение описания");
});

test("a category ticks its objectives, and objectives it does not serve are saved only once confirmed", async ({ page }, info) => {
  const title = unique("Рейды против сбытчиков");
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/tasks/new", info);
  await page.getByLabel("Название на русском").fill(title);
  await page.getByLabel("Категория").selectOption("enforcement");
  const o2 = page.getByRole("checkbox", { name: /^O2\./ });
  const o4 = page.getByRole("checkbox", { name: /^O4\./ });
  if (hydrated(info)) {
    // With JavaScript the choice ticks the objectives at once.
    await expect(o2).toBeChecked();
    await expect(o4).toBeChecked();
  } else {
    // Without, the form comes back from the server with them ticked.
    await page.getByRole("button", { name: "Поручить" }).click();
    // The field's description is its hint, then the problem.
    await expect(page.getByLabel("Направленность правоохранительной работы")).toHaveAccessibleDescription(
      "На что направлена правоохранительная работа. Обязательно для поручений по правоохранительной деятельности. Заполните это поле.",
    );
    await expect(o2).toBeChecked();
    await expect(o4).toBeChecked();
    await expect(page.getByLabel("Название на русском")).toHaveValue(title);
  }
  // Objectives this category does not serve: a warning that keeps everything typed.
  await o2.uncheck();
  await o4.uncheck();
  await page.getByRole("checkbox", { name: /^O8\./ }).check();
  await page.getByLabel("Направленность правоохранительной работы").selectOption("trafficking");
  await page.getByLabel("Ответственная организация").selectOption({ label: "Министерство внутренних дел КР (демо)" });
  await page.getByLabel("Срок исполнения").fill("2027-04-01");
  await page.getByRole("button", { name: "Поручить" }).click();
  await expect(page.getByRole("group", { name: "Стратегические задачи концепции" })).toHaveAccessibleDescription(/Ни одна из этих стратегических задач/);
  await expect(page.getByLabel("Название на русском")).toHaveValue(title);
  await expect(page.getByRole("checkbox", { name: /^O8\./ })).toBeChecked();
  await expect(page.getByLabel("Направленность правоохранительной работы")).toHaveValue("trafficking");
  await expectAccessible(page);
  await page.getByRole("checkbox", { name: "Всё равно сохранить с этими стратегическими задачами" }).check();
  await page.getByRole("button", { name: "Поручить" }).click();
  await page.waitForURL(/\/tasks\/\d+\?done=created/);
  await settle(page, info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(definition(page.getByRole("main"), "Направленность правоохранительной работы")).toHaveText("Незаконный оборот и сбыт");
});
