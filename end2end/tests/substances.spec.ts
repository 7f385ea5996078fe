// The register of new psychoactive substances: a coordinator finds a substance by its street
// name, sees its control status, and adds one; a CAS number with a wrong check digit is refused
// beside its field with what was typed.
import { test, expect, demo, login, open, settle, expectAccessible, unique } from "./fixtures";

test("a coordinator searches the substance register and adds a substance", async ({ page }, info) => {
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/substances", info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Реестр новых психоактивных веществ");
  await page.getByLabel("Название или идентификатор").fill("мяу");
  await page.getByRole("button", { name: "Найти" }).click();
  await page.waitForURL(/q=/);
  await settle(page, info);
  const rows = page.getByTestId("substances").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Мефедрон");
  await expectAccessible(page);
  await rows.first().getByRole("link", { name: "Мефедрон" }).click();
  await page.waitForURL(/\/substances\/\d+$/);
  await settle(page, info);
  await expect(page.getByTestId("control")).toContainText("Список I");
  await expect(page.getByTestId("control")).toContainText("Конвенция 1971 г., Список II");

  // A new entry: the check digit is wrong, then the number is left out.
  const name = unique("Вещество");
  await open(page, "/substances/new", info);
  await page.getByLabel("Название на русском").fill(name);
  await page.getByLabel("Номер CAS").fill("1189805-46-5");
  await page.getByRole("button", { name: "Сохранить" }).click();
  await settle(page, info);
  await expect(page.getByLabel("Номер CAS")).toHaveValue("1189805-46-5");
  await expect(page.getByLabel("Номер CAS")).toHaveAccessibleDescription(
    /Контрольная цифра номера CAS не сходится: проверьте номер\.$/,
  );
  await expect(page.getByLabel("Название на русском")).toHaveValue(name);
  await page.getByLabel("Номер CAS").fill("");
  await page.getByRole("button", { name: "Сохранить" }).click();
  await page.waitForURL(/\/substances\/\d+\?done=saved$/);
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText("Вещество сохранено.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
});
