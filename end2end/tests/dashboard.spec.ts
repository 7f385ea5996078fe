// The dashboard: a coordinator narrows it to one objective from its table and to a region
// through the filter form (a GET form, so the filters stay in the URL with or without
// JavaScript), and an observer sees the published figures. Every chart has its table.
import { test, expect } from "@playwright/test";
import { demo, login, open, settle, expectAccessible } from "./fixtures";

test("the dashboard narrows to an objective and a region, keeping the filters in the URL", async ({ page }, info) => {
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/dashboard", info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ход реализации Концепции");
  await expect(page.getByTestId("summary")).toContainText("Задания");
  await expect(page.getByTestId("directions").getByRole("row")).toHaveCount(3);
  await expect(page.getByTestId("objectives").getByRole("row")).toHaveCount(10);
  await expect(page.getByRole("img", { name: /Столбчатая диаграмма заданий/ })).toBeVisible();
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
  await page.getByLabel("Область").selectOption({ label: "Чуйская область" });
  await page.getByRole("button", { name: "Показать" }).click();
  await page.waitForURL(/region=KG08000000000/);
  await settle(page, info);
  expect(new URL(page.url()).searchParams.get("objective")).toBe("O5");
  await expect(page.getByLabel("Область")).toHaveValue("KG08000000000");
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
  await expect(page.getByRole("link", { name: /^(Войти|Log in|Кирүү)$/ })).toBeVisible();
  await expectAccessible(page);
  // In English too, from the language switch.
  await page.getByRole("button", { name: "English" }).click();
  await settle(page, info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Progress of the state drug policy concept");
});
