// The dashboard: a coordinator narrows it to one objective from its table and to a region
// through the filter form (a GET form, so the filters stay in the URL with or without
// JavaScript), and an observer sees the published figures. Every chart has its table.
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { test, expect, demo, login, open, settle, expectAccessible } from "./fixtures";

test("the dashboard narrows to an objective and a region, keeping the filters in the URL", async ({ page }, info) => {
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/dashboard", info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ход реализации Концепции");
  await expect(page.getByTestId("summary")).toContainText("Поручения");
  await expect(page.getByTestId("directions").getByRole("row")).toHaveCount(3);
  await expect(page.getByTestId("objectives").getByRole("row")).toHaveCount(10);
  await expect(page.getByRole("img", { name: /Столбчатая диаграмма поручений/ })).toBeVisible();
  await expect(page.getByTestId("tasks-by-status")).toBeVisible();
  await expect(page.getByTestId("balance")).toBeVisible();
  await expectAccessible(page);

  // Narrow to objective O5 from its row.
  await page.getByTestId("objectives").getByRole("link", { name: /^O5\./ }).click();
  await page.waitForURL(/objective=O5/);
  await settle(page, info);
  await expect(page.getByTestId("objectives").getByRole("row")).toHaveCount(2);
  await expect(page.getByTestId("objectives")).toContainText("O5.");
  await expect(page.getByTestId("directions")).toHaveCount(0);
  await expect(page.getByLabel("Стратегические задачи концепции")).toHaveValue("O5");

  // And to Chüy region through the form; the objective stays.
  await page.getByLabel("Область", { exact: true }).selectOption({ label: "Чуйская область" });
  await page.getByRole("button", { name: "Показать" }).click();
  await page.waitForURL(/region=KG08000000000/);
  await settle(page, info);
  expect(new URL(page.url()).searchParams.get("objective")).toBe("O5");
  await expect(page.getByLabel("Область", { exact: true })).toHaveValue("KG08000000000");
  await expect(page.getByTestId("showing")).toContainText("Все организации");

  // Clearing the filters brings everything back.
  await page.getByRole("link", { name: "Сбросить фильтры" }).click();
  await page.waitForURL((url) => url.pathname === "/dashboard" && url.search === "");
  await settle(page, info);
  await expect(page.getByTestId("objectives").getByRole("row")).toHaveCount(10);
});

test("an observer's dashboard counts only what is published", async ({ page }, info) => {
  await login(page, info, demo.observer.email, demo.observer.password);
  await open(page, "/dashboard", info);
  await expect(page.getByTestId("showing")).toContainText(/accepted reports and verified activities only/);
  await expect(page.getByTestId("summary")).toBeVisible();
  await expectAccessible(page);
});

test("the public page is open to anyone and hides small counts", async ({ page }, info) => {
  await open(page, "/public", info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ход реализации Концепции государственной антинаркотической политики");
  await expect(page.getByTestId("public-summary")).toContainText("Мероприятия");
  await expect(page.getByTestId("public-indicators").getByRole("row").first()).toBeVisible();
  await expect(page.getByText(/показано как «<10»/)).toBeVisible();
  // The map, without links to narrow it: the public page has one selection.
  await expect(page.getByTestId("map")).toBeVisible();
  await expect(page.getByTestId("map").getByRole("link")).toHaveCount(0);
  await expect(page.getByTestId("map-table").getByRole("row")).toHaveCount(10);
  await expect(page.getByRole("link", { name: /^(Войти|Log in|Кирүү)$/ })).toBeVisible();
  await expectAccessible(page);
  // In English too, from the language switch.
  await page.getByRole("button", { name: "English" }).click();
  await settle(page, info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Progress of the state drug policy concept");
});

/** The text of one entry of a zip archive (an XLSX file), read with Node's own inflate. */
function zipEntry(zip: Buffer, name: string): string {
  // The central directory lists every entry with its offset; its end record is last.
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  const count = zip.readUInt16LE(end + 10);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString("utf8", at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString("utf8");
    }
    at += 46 + nameLength + extra + comment;
  }
  throw new Error(`${name} is not in the archive`);
}

test("the dashboard's selection downloads as CSV and XLSX in the chosen language", async ({ page }, info) => {
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/dashboard", info);
  const exports = page.getByTestId("exports");
  await expect(exports.getByRole("link")).toHaveCount(8);

  const [csvDownload] = await Promise.all([
    page.waitForEvent("download"),
    exports.getByRole("link", { name: "Поручения: CSV" }).click(),
  ]);
  expect(csvDownload.suggestedFilename()).toMatch(/^concord-tasks-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await csvDownload.path()).toString("utf8");
  const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toMatch(/^ID,Название,Категория,Статус,Приоритет,Организация/);
  // As many tasks as the dashboard counts.
  expect(lines.length).toBeGreaterThan(1);
  const counted = await page.getByTestId("summary").getByRole("definition").first().innerText();
  expect(lines.length - 1).toBe(Number(counted.replace(/\D/g, "")));

  const [xlsxDownload] = await Promise.all([
    page.waitForEvent("download"),
    exports.getByRole("link", { name: "Отчёты: Excel (XLSX)" }).click(),
  ]);
  expect(xlsxDownload.suggestedFilename()).toMatch(/^concord-reports-.*\.xlsx$/);
  const workbook = readFileSync(await xlsxDownload.path());
  expect(workbook.subarray(0, 2).toString()).toBe("PK");
  const sheet = zipEntry(workbook, "xl/worksheets/sheet1.xml");
  expect(sheet).toContain(">ID поручения<");
  expect(sheet).toContain(">С опозданием<");
  expect(zipEntry(workbook, "xl/workbook.xml")).toContain('name="Отчёты"');
});

test("the map narrows the dashboard to a region and its measure can be changed", async ({ page }, info) => {
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/dashboard", info);
  const map = page.getByTestId("map");
  await expect(map).toBeVisible();
  await expect(page.getByTestId("map-table").getByRole("row")).toHaveCount(10); // heading + 9 regions
  // The circles show another measure, kept in the URL.
  await page.getByRole("navigation", { name: "Круги показывают" }).getByRole("link", { name: "Охвачено человек" }).click();
  await page.waitForURL(/measure=reached/);
  await settle(page, info);
  await expect(page.getByRole("link", { name: "Охвачено человек" })).toHaveAttribute("aria-current", "true");
  // Choosing Talas on the map narrows everything to it; the measure stays.
  await page.getByTestId("map").getByRole("link", { name: /^Таласская область: / }).click();
  await page.waitForURL(/region=KG07000000000/);
  await settle(page, info);
  expect(new URL(page.url()).searchParams.get("measure")).toBe("reached");
  await expect(page.getByLabel("Область", { exact: true })).toHaveValue("KG07000000000");
  // The chosen region's row says so.
  await expect(page.getByTestId("map-table").getByRole("row").filter({ hasText: "(выбрана)" })).toContainText("Таласская область");
  await expectAccessible(page);
});

test("organisation scorecards sort by any column and open an organisation", async ({ page }, info) => {
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/dashboard", info);
  await page.getByRole("link", { name: "Показатели организаций" }).click();
  await page.waitForURL(/\/dashboard\/organizations/);
  await settle(page, info);
  const table = page.getByTestId("scorecards");
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  await expect(table.getByRole("columnheader", { name: /Поручения/ })).toHaveAttribute("aria-sort", "descending");
  await expectAccessible(page);

  await table.getByRole("link", { name: "Просрочено" }).click();
  await page.waitForURL(/sort=overdue/);
  await settle(page, info);
  const overdue = page.getByTestId("scorecards").getByRole("columnheader", { name: /Просрочено/ });
  await expect(overdue).toHaveAttribute("aria-sort", "descending");
  // The overdue column's figures, row by row; each row's first column is its organisation, a row header.
  const counts = async () => {
    const scorecards = page.getByTestId("scorecards");
    const column = (await scorecards.getByRole("columnheader").allInnerTexts()).findIndex((name) => name.startsWith("Просрочено")) - 1;
    const rows = await scorecards.getByRole("row").filter({ has: page.getByRole("rowheader") }).all();
    return Promise.all(rows.map(async (row) => Number((await row.getByRole("cell").nth(column).innerText()).replace(/\D/g, ""))));
  };
  const descending = await counts();
  expect(descending).toEqual([...descending].sort((a, b) => b - a));

  await overdue.getByRole("link").click();
  await page.waitForURL(/reverse=1/);
  await settle(page, info);
  await expect(page.getByTestId("scorecards").getByRole("columnheader", { name: /Просрочено/ })).toHaveAttribute("aria-sort", "ascending");
  const ascending = await counts();
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));

  // A coordinator opens any organisation from its name.
  const first = page.getByTestId("scorecards").getByRole("rowheader").first().getByRole("link");
  const name = (await first.innerText()).trim();
  await first.click();
  await page.waitForURL(/\/organizations\/\d+$/);
  await settle(page, info);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
});

test("the printable report lays the dashboard out for A4", async ({ page }, info) => {
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/dashboard?objective=O5", info);
  await page.getByRole("link", { name: "Отчёт для печати" }).click();
  await page.waitForURL(/\/dashboard\/report\?objective=O5/);
  await settle(page, info);
  const report = page.getByTestId("report");
  await expect(report.getByRole("heading", { level: 1 })).toHaveText("Отчёт о ходе реализации Концепции государственной антинаркотической политики");
  await expect(report.getByTestId("summary")).toBeVisible();
  await expect(report.getByTestId("objectives")).toContainText("O5.");
  await expect(report.getByTestId("map")).toBeVisible();
  await expect(report.getByTestId("trends-table")).toBeVisible();
  // The print button needs JavaScript; without it the page says how to print.
  const button = page.getByRole("button", { name: "Печать или сохранить в PDF" });
  if (info.project.name === "hydrated") await expect(button).toBeVisible();
  else await expect(button).toBeHidden();
  await expectAccessible(page);

  // In print, the site's navigation and the controls go; the report stays. (getByRole skips
  // hidden elements unless includeHidden is set, and toBeHidden would pass on nothing.)
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner", { includeHidden: true })).toBeHidden();
  // The controls: the way back to the dashboard, the print button and the hint on printing.
  await expect(page.getByRole("link", { name: "Назад к панели", includeHidden: true })).toBeHidden();
  await expect(page.getByRole("button", { name: "Печать или сохранить в PDF", includeHidden: true })).toBeHidden();
  await expect(page.getByText(/^Подготовлено для листа A4/)).toBeHidden();
  await expect(report.getByRole("heading", { level: 1 })).toBeVisible();
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(20_000);
});

test("the balance shows where enforcement effort goes, next to treatment and harm reduction", async ({ page }, info) => {
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/dashboard", info);
  await expect(page.getByRole("heading", { name: "На что направлены правоохранительные усилия" })).toBeVisible();
  const focus = page.getByTestId("enforcement-focus");
  // The demo's law-enforcement tasks: one against dealers, one against cultivation, one
  // against people who use drugs.
  for (const name of ["Незаконный оборот и сбыт", "Производство и культивирование", "Хранение и потребление"]) {
    await expect(focus.getByRole("row", { name: new RegExp(name) }).getByRole("cell").first()).toHaveText("1");
  }
  const reach = page.getByTestId("d2-reach");
  await expect(reach.getByRole("row")).toHaveCount(3);
  await expectAccessible(page);
});
