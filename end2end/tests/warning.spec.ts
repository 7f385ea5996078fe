// The early-warning system's whole pipeline, in Kyrgyz on SQLite and in Russian on PostgreSQL
// (each language once, to keep CI within its time): a narcology service records a poisoning
// signal with its discharge summary (a phone number in the text is refused beside it, the text
// kept, the file asked for again); the coordinator opens a case from it and asks the forensic
// laboratory for data; the laboratory answers through its task and adds its report to the
// case's evidence; the coordinator names the laboratory's expert as assessor, who scores the
// criteria; the coordinator confirms the high risk (alerting the Ministry of Health), records
// the decision and closes the case, and the substance's page shows it on the national list;
// the closed case is in the cases' download and the dashboard shows the early-warning figures.
import { test, expect, demo, login, logout, open, settle, expectAccessible, hydrated } from "./fixtures";
import type { Page, TestInfo } from "@playwright/test";

const onPostgres = (process.env.E2E_DATABASE_URL ?? "").startsWith("postgres");
const lang = onPostgres ? "ru" : "ky";

/** The texts the journey reads, in its language. */
const T = {
  ky: {
    newSignal: "Сигнал киргизүү",
    noPersonal: /Адам жөнүндө эч нерсе жазбаңыз/,
    description: "Эмне байкалды",
    personalProblem: /жеке идентификаторго окшош/,
    saved: "Сигнал киргизилди.",
    opened: "Иш ачылды.",
    requested: "Тапшырма берилди.",
    signedOff: "Баскыч жабылды.",
    assessors: "Баалоочулар дайындалды.",
    scored: "Сиздин баалооңуз сакталды.",
    risk: "Тобокелдик бекитилди.",
    decision: "Чечим киргизилди.",
    lab: "КР Юстиция министрлигине караштуу Соттук-эксперттик борбор (демо)",
    health: "КР Саламаттык сактоо министрлиги (демо)",
    accept: "Кабыл алуу",
    start: "Ишти баштоо",
    complete: "Аткарылды деп белгилөө",
    closed: "Жабылды",
    listI: "I тизме",
    needs: "Баскычты жабуу үчүн керек",
    filesAdded: "Файлдар кошулду.",
    fileAdded: "Файл кошулду",
    upload: "Файлдарды жүктөө",
  },
  ru: {
    newSignal: "Внести сигнал",
    noPersonal: /Ничего не пишите о человеке/,
    description: "Что наблюдалось",
    personalProblem: /Похоже на персональный идентификатор/,
    saved: "Сигнал внесён.",
    opened: "Дело открыто.",
    requested: "Поручение дано.",
    signedOff: "Этап закрыт.",
    assessors: "Эксперты-оценщики назначены.",
    scored: "Ваша оценка сохранена.",
    risk: "Риск подтверждён.",
    decision: "Решение внесено.",
    lab: "Государственный центр судебных экспертиз при Министерстве юстиции КР (демо)",
    health: "Министерство здравоохранения КР (демо)",
    accept: "Принять",
    start: "Начать работу",
    complete: "Отметить выполненным",
    closed: "Закрыт",
    listI: "Список I",
    needs: "Чтобы закрыть этап, нужно",
    filesAdded: "Файлы добавлены.",
    fileAdded: "Добавлен файл",
    upload: "Загрузить файлы",
  },
}[lang];

const summary = {
  name: "выписка.pdf",
  mimeType: "application/pdf",
  buffer: Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
};
const labReport = { ...summary, name: "заключение-гх-мс.pdf" };

const health = { email: "health@demo.concord.kg", password: demo.reporter.password };
const lab = { email: "lab@demo.concord.kg", password: demo.reporter.password };

/** Logs in and reads in the journey's language: the language cookie is set in this browser
 * only (the switch on the page would also change the demo account's profile, which the other
 * project's run of this journey, and other journeys, share). */
async function enter(page: Page, info: TestInfo, who: { email: string; password: string }) {
  await login(page, info, who.email, who.password);
  const url = new URL(page.url());
  await page.context().addCookies([{ name: "concord_lang", value: lang, url: url.origin }]);
  await open(page, url.pathname, info);
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
}

async function leave(page: Page, info: TestInfo) {
  await logout(page, info);
}

/** Submits the form that holds `button` and waits for the case page to say `done`. */
async function submit(page: Page, info: TestInfo, form: string, done: string) {
  await page.locator(form).locator('button[type="submit"]').click();
  await page.waitForURL(/\?done=/);
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText(done);
}

test("a signal goes through a case to a decision", async ({ page }, info) => {
  test.setTimeout(240_000);
  // A figure no other run uses, to find this run's signal in the list.
  const grams = `${Math.floor(Math.random() * 80) + 10},${Math.floor(Math.random() * 9) + 1}`;
  const today = new Date(Date.now() + 6 * 3600_000).toISOString().slice(0, 10);

  // The narcology service (a health reporter) records a poisoning signal.
  await enter(page, info, health);
  await open(page, "/signals/new", info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(T.newSignal);
  await expect(page.getByTestId("no-personal-data")).toHaveText(T.noPersonal);
  await expectAccessible(page);
  await page.locator('[name="observed_on"]').fill(today);
  await page.locator('[name="source"]').selectOption("narcology_service");
  await page.locator('[name="region_code"]').selectOption("KG11000000000");
  await page.locator('[name="form"]').selectOption("powder");
  await page.locator('[name="amount"]').fill(grams);
  await page.locator('[name="amount_unit"]').selectOption("g");
  await page.locator('[name="poisonings"]').fill("3");
  const personal = "Доставлен в приёмное, тел. +996 555 12-34-56";
  await page.getByLabel(T.description).fill(personal);
  await page.locator('input[name="evidence"]').setInputFiles(summary);
  await page.locator('button[type="submit"].primary').click();
  await page.waitForURL(/\/signals\/new$/);
  await settle(page, info);
  await expect(page.getByLabel(T.description)).toHaveValue(personal);
  await expect(page.getByLabel(T.description)).toHaveAccessibleDescription(T.personalProblem);
  await expect(page.locator('[name="amount"]')).toHaveValue(grams);
  await page.getByLabel(T.description).fill("Три отравления порошком, доставлены в приёмное отделение");
  await page.locator('input[name="evidence"]').setInputFiles(summary);
  await page.locator('button[type="submit"].primary').click();
  await page.waitForURL(/\/signals\/\d+\?done=saved/);
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText(T.saved);
  await expect(page.getByTestId("signal-facts")).toContainText(grams);
  await expect(page.getByTestId("warning-evidence").getByRole("link", { name: summary.name })).toBeVisible();
  await expectAccessible(page);
  await leave(page, info);

  // The coordinator opens a case from it and asks the laboratory for data.
  await enter(page, info, demo.coordinator);
  await open(page, "/signals?unlinked=1", info);
  const row = page.getByTestId("signals").locator("tbody tr").filter({ hasText: grams });
  await expect(row).toHaveCount(1);
  await row.getByRole("checkbox").check();
  await page.locator('[name="form[title]"]').fill(`Порошок ${grams} г: отравления в Бишкеке`);
  await page.locator('button[type="submit"].primary').click();
  await page.waitForURL(/\/cases\/\d+\?done=opened/);
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText(T.opened);
  const caseUrl = page.url().replace(/\?.*$/, "");
  await expect(page.getByTestId("missing")).toContainText(T.needs);
  await expectAccessible(page);
  const request = page.locator("details.case-task form");
  await request.locator('[name="form[organization_id]"]').selectOption({ label: T.lab });
  await request.locator('[name="form[title]"]').fill("Идентифицировать порошок");
  await submit(page, info, "details.case-task form", T.requested);
  const taskLink = page.getByTestId("case-tasks").getByRole("link").first();
  const taskUrl = await taskLink.getAttribute("href");
  await leave(page, info);

  // The laboratory answers through its task.
  await enter(page, info, lab);
  await open(page, taskUrl!, info);
  for (const move of [T.accept, T.start]) {
    await page.getByRole("button", { name: move }).click();
    await page.waitForURL(/done=/);
    await settle(page, info);
  }
  await page.locator("form.move-complete textarea").fill("ГХ-МС: альфа-PVP");
  await page.getByRole("button", { name: T.complete }).click();
  await page.waitForURL(/done=/);
  await settle(page, info);
  // ...and adds its report to the case's evidence.
  await open(page, caseUrl, info);
  await page.locator('#files input[name="evidence"]').setInputFiles(labReport);
  await page.locator("#files").getByRole("button", { name: T.upload }).click();
  await page.waitForURL(/\?done=files/);
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText(T.filesAdded);
  await expect(page.getByTestId("warning-evidence").getByRole("link", { name: labReport.name })).toBeVisible();
  await expect(page.getByTestId("case-history")).toContainText(T.fileAdded);
  await leave(page, info);

  // The coordinator names the substance, signs off the stage and names the assessor.
  await enter(page, info, demo.coordinator);
  await open(page, caseUrl, info);
  await page.locator('[name="form[substance_id]"]').selectOption({ label: "Альфа-PVP" });
  await submit(page, info, "form.sign-off", T.signedOff);
  await page.getByLabel(/Гүлнара Маматова/).check();
  await submit(page, info, "details.assessors form", T.assessors);
  await leave(page, info);

  // The laboratory's expert scores the three criteria.
  await enter(page, info, lab);
  await open(page, caseUrl, info);
  const scores = page.locator("form.score-form");
  for (const [criterion, level] of [
    ["medical", "high"],
    ["social", "moderate"],
    ["legal", "moderate"],
  ]) {
    await scores.locator(`[name="form[${criterion}_level]"]`).selectOption(level);
    await scores.locator(`[name="form[${criterion}_rationale]"]`).fill("Обоснование по данным экспертизы");
  }
  await submit(page, info, "form.score-form", T.scored);
  await leave(page, info);

  // The coordinator confirms the high risk, alerting the Ministry of Health, and decides.
  await enter(page, info, demo.coordinator);
  await open(page, caseUrl, info);
  await expect(page.getByTestId("scores")).toContainText("Гүлнара Маматова");
  const risk = page.locator("form.risk-form");
  await expect(risk.locator('[name="form[risk]"]')).toHaveValue("high");
  await risk.getByLabel(T.health).check();
  await submit(page, info, "form.risk-form", T.risk);
  await submit(page, info, "form.sign-off", T.signedOff);
  const decision = page.locator("form.decision-form");
  await decision.locator('[name="form[measure]"]').selectOption("national_list");
  await decision.locator('[name="form[measure_list]"]').selectOption("list_i");
  await decision.locator('[name="form[body]"]').fill("Кабинет Министров Кыргызской Республики");
  await decision.locator('[name="form[act]"]').fill("Постановление № 512");
  await decision.locator('[name="form[act_date]"]').fill(today);
  await decision.locator('[name="form[effective_on]"]').fill(today);
  await submit(page, info, "form.decision-form", T.decision);
  await submit(page, info, "form.sign-off", T.signedOff);
  await expect(page.getByTestId("case-summary")).toContainText(T.closed);
  await expect(page.getByTestId("timeline")).toContainText(T.closed);
  await expectAccessible(page);
  await page.getByTestId("case-summary").getByRole("link", { name: "Альфа-PVP" }).click();
  await page.waitForURL(/\/substances\/\d+$/);
  await settle(page, info);
  await expect(page.getByTestId("control")).toContainText(T.listI);
  await expect(page.getByTestId("signals-by-year")).toBeVisible();
  await expect(page.getByTestId("signals-map").locator("circle").first()).toBeAttached();
  if (hydrated(info)) await expectAccessible(page);
  // The cases download for the report to UNODC; the dashboard counts the decision.
  await open(page, "/cases?stage=closed", info);
  await expect(page.getByTestId("warning-exports").getByRole("link")).toHaveCount(4);
  const csv = await page.request.get("/export/cases.csv");
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain(`Порошок ${grams} г`);
  await open(page, "/dashboard", info);
  await expect(page.getByTestId("dashboard-warning")).toBeVisible();
  await leave(page, info);
});
