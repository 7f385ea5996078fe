// Progress on the concept: a municipality's reporter submits a quarterly report with an
// evidence PDF; the coordinator returns it; it is resubmitted and accepted. An NGO logs an
// activity with the people it reached by sex and age, and the coordinator verifies it. The
// Ministry of Health enters an indicator value, the coordinator accepts it, and it appears on
// the indicator's page. Each run makes its own task, activity and indicator period.
import { type Page, type TestInfo } from "@playwright/test";
import { test, expect, demo, hydrated, login, logout, open, settle, expectAccessible, statusShown, unique } from "./fixtures";

const health = { email: "health@demo.concord.kg", password: "demo-reporter-password" };
const ngo = { email: "ngo@demo.concord.kg", password: "demo-reporter-password" };

const pdf = {
  name: "акт-проверки.pdf",
  mimeType: "application/pdf",
  buffer: Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
};

/** Calls a server function as a plain form post (for setting the scene only). */
async function call(page: Page, endpoint: string, form: Record<string, string>) {
  // As the page's own forms do: a post carrying the session cookie names its origin.
  const origin = new URL(page.url()).origin;
  const response = await page.request.post(`/api/${endpoint}`, { form, headers: { origin } });
  expect(response.status(), `${endpoint}: ${await response.text()}`).toBeLessThan(400);
  return response;
}

/** A task of Duysheev's aiyl okmotu, assigned, accepted and started; returns its path. */
async function runningTask(page: Page, info: TestInfo, title: string): Promise<string> {
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/organizations?q=Дуйшеев", info);
  const orgHref = await page.getByRole("link", { name: /Дуйшеев/ }).first().getAttribute("href");
  const lead = orgHref!.split("/").pop()!;
  // The task form posts its fields as one struct argument, `form[...]`.
  const fields: Record<string, string> = {
    written_in: "ru", title_ky: "", title_ru: title, title_en: "", description_ky: "", description_ru: "",
    description_en: "", category: "primary_prevention", "objectives[]": "O1", assign_to: "one",
    lead_organization_id: lead, coverage: "national", start_date: "2026-07-01", due_date: "2027-06-30",
    priority: "normal", expected_result: "", target_value: "", target_unit: "", intent: "assign",
  };
  const created = await call(page, "tasks/create", Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k.endsWith("[]") ? `form[${k.slice(0, -2)}][]` : `form[${k}]`, v]),
  ));
  const path = new URL(created.headers()["location"] ?? created.headers()["serverfnredirect"] ?? created.url(), "http://x").pathname;
  await logout(page, info);
  await login(page, info, demo.reporter.email, demo.reporter.password);
  const id = path.split("/").pop()!;
  await call(page, "tasks/move", { task_id: id, version: "1", "form[mv]": "accept" });
  await call(page, "tasks/move", { task_id: id, version: "2", "form[mv]": "start" });
  return path;
}

test("a quarterly report with evidence is returned, resubmitted and accepted", async ({ page }, info) => {
  const title = unique("Беседы о вреде наркотиков");
  const taskPath = await runningTask(page, info, title);

  // The reporter starts the report for the quarter that ended last and submits it with a PDF.
  await open(page, taskPath, info);
  const starts = page.getByRole("region", { name: "Отчёты о ходе исполнения" }).getByRole("button", { name: /^Составить отчёт за / });
  await expect(starts).toHaveCount(2);
  await starts.nth(1).click();
  await page.waitForURL(/\/reports\/\d+\/edit$/);
  await settle(page, info);
  await expectAccessible(page);
  await page.getByLabel("Процент выполнения").fill("60");
  await page.getByLabel("Проделанная работа").fill("Проведены беседы в двух школах.");
  await page.getByLabel("Всего охвачено человек").fill("90");
  await page.getByLabel("Женщины и девочки, До 18 лет").fill("40");
  await page.getByLabel("Мужчины и мальчики, До 18 лет").fill("35");
  await page.getByLabel("Добавить подтверждающие файлы").setInputFiles(pdf);
  await page.getByRole("button", { name: "Направить на проверку" }).click();
  await page.waitForURL(/\/reports\/\d+\?done=submitted/);
  await settle(page, info);
  const reportPath = new URL(page.url()).pathname;
  await expect(page.getByRole("status")).toHaveText("Отчёт направлен на проверку.");
  await expect(statusShown(page, "Представлен")).toBeVisible();
  await expect(page.getByTestId("evidence").getByRole("link", { name: "акт-проверки.pdf" })).toBeVisible();
  await expect(page.getByTestId("reach")).toContainText("90");
  await logout(page, info);

  // The coordinator returns it with a comment.
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, reportPath, info);
  await expectAccessible(page);
  const download = await page.request.get(await page.getByTestId("evidence").getByRole("link").getAttribute("href") ?? "");
  expect(download.headers()["content-disposition"]).toContain("attachment");
  const moves = page.getByRole("region", { name: "Доступные действия" });
  await moves.getByLabel("Что нужно исправить").fill("Приложите список школ.");
  await moves.getByRole("button", { name: "Вернуть на доработку" }).click();
  await page.waitForURL(/done=return/);
  await settle(page, info);
  await expect(statusShown(page, "На доработке")).toBeVisible();
  await logout(page, info);

  // The reporter sees the comment, and submits again.
  await login(page, info, demo.reporter.email, demo.reporter.password);
  await open(page, reportPath, info);
  await expect(page.getByRole("main").getByRole("note")).toContainText("Приложите список школ.");
  await page.getByRole("link", { name: "Изменить отчёт" }).click();
  await page.waitForURL(/\/edit$/);
  await settle(page, info);
  await expect(page.getByLabel("Проделанная работа")).toHaveValue("Проведены беседы в двух школах.");
  await page.getByLabel("Проделанная работа").fill("Проведены беседы в двух школах; список школ приложен.");
  await page.getByRole("button", { name: "Направить на проверку" }).click();
  await page.waitForURL(/done=submitted/);
  await settle(page, info);
  await logout(page, info);

  // The coordinator accepts it; its history has every step.
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, reportPath, info);
  await page.getByRole("region", { name: "Доступные действия" }).getByRole("button", { name: "Принять", exact: true }).click();
  await page.waitForURL(/done=accept/);
  await settle(page, info);
  await expect(statusShown(page, "Принят")).toBeVisible();
  // Started, saved and submitted, returned, saved and submitted, accepted.
  await expect(page.getByTestId("report-history").getByRole("row")).toHaveCount(8); // heading + 7 steps
});

test("an NGO logs an activity with people reached, and the coordinator verifies it", async ({ page }, info) => {
  const title = unique("Аутрич в Кара-Балте");
  await login(page, info, ngo.email, ngo.password);
  await open(page, "/activities/new", info);
  await expectAccessible(page);
  await page.getByRole("combobox", { name: "Вид", exact: true }).selectOption("outreach");
  await page.getByRole("textbox", { name: "Название", exact: true }).fill(title);
  await page.getByLabel("Дата (или первый день)").fill("2026-11-02");
  await page.getByRole("combobox", { name: "Область", exact: true }).selectOption({ label: "Чуйская область" });
  await page.getByRole("checkbox", { name: "Молодёжь" }).check();
  await page.getByRole("checkbox", { name: /^O8\./ }).check();
  // First with more people by sex and age than in total: refused, what was typed kept.
  await page.getByLabel("Всего охвачено человек").fill("20");
  await page.getByLabel("Женщины и девочки, 18–29 лет").fill("14");
  await page.getByLabel("Мужчины и мальчики, 18–29 лет").fill("11");
  await page.getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/\/activities\/new$/);
  await settle(page, info);
  await expect(page.getByRole("textbox", { name: "Название", exact: true })).toHaveValue(title);
  await expect(page.getByLabel("Всего охвачено человек")).not.toHaveAccessibleDescription("");
  await page.getByLabel("Всего охвачено человек").fill("25");
  await page.getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/\/activities\/\d+\?done=logged/);
  await settle(page, info);
  const path = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByTestId("reach")).toContainText("25");
  await logout(page, info);

  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/activities?status=logged", info);
  await page.getByRole("link", { name: title }).click();
  await page.waitForURL(new RegExp(`${path}$`));
  await settle(page, info);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Подтвердить" }).click();
  await page.waitForURL(/done=verify/);
  await settle(page, info);
  await expect(statusShown(page, "Проверено")).toBeVisible();
});

test("an indicator value is entered, accepted and shown on the indicator's page", async ({ page }, info) => {
  // Each project enters its own period: the last ended quarter, or the current one.
  const option = hydrated(info) ? 1 : 0;
  const value = hydrated(info) ? "1411" : "1433";
  await login(page, info, health.email, health.password);
  await open(page, "/indicators", info);
  await expectAccessible(page);
  await page.getByRole("link", { name: /^I-02/ }).click();
  await page.waitForURL(/\/indicators\/\d+$/);
  await settle(page, info);
  const path = new URL(page.url()).pathname;
  const period = page.getByRole("combobox", { name: "Период", exact: true });
  const periodLabel = (await period.getByRole("option").nth(option).textContent())!.trim();
  await period.selectOption({ index: option });
  await page.getByRole("textbox", { name: "Значение", exact: true }).fill(value);
  await page.getByLabel("Источник").fill("Реестр ОЗТ, выгрузка на конец квартала");
  await page.getByRole("button", { name: "Внести значение" }).click();
  await page.waitForURL(/done=entered/);
  await settle(page, info);
  const row = page.getByTestId("values").getByRole("row").filter({ hasText: periodLabel }).filter({ hasText: "Всего" });
  await expect(row).toContainText("Ожидает проверки");
  await logout(page, info);

  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, path, info);
  await expectAccessible(page);
  const pending = page.getByTestId("values").getByRole("row").filter({ hasText: periodLabel }).filter({ hasText: "Всего" });
  await pending.getByRole("button", { name: "Принять" }).click();
  await page.waitForURL(/done=accept/);
  await settle(page, info);
  const digits = new RegExp(value.slice(0, 1) + "\\s?" + value.slice(1));
  await expect(page.getByTestId("series").getByRole("row").filter({ hasText: periodLabel })).toContainText(digits);
});
