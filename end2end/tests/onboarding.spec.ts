// An administrator registers the territory's bodies for a region in one step: the preview
// counts what the region calls for, the confirmation registers it, and doing it again
// registers nothing. Each project takes its own region (they share one database).
import { test, expect, demo, login, open, settle, expectAccessible, hydrated } from "./fixtures";

test("an administrator registers a region's bodies once", async ({ page }, info) => {
  const [region, label, districts] = hydrated(info)
    ? ["KG07000000000", "Таласская область", "5"]
    : ["KG04000000000", "Нарынская область", "6"];
  await login(page, info, demo.administrator.email, demo.administrator.password);
  await open(page, "/organizations", info);
  await page.getByRole("link", { name: "Зарегистрировать органы территории" }).click();
  await page.waitForURL(/\/organizations\/onboard/);
  await settle(page, info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Регистрация органов территории");
  // The whole country: 460 aiyl okmotu and the two city halls.
  const table = page.getByRole("table");
  const municipalities = table.getByRole("row", { name: /Айыл окмоту айылных аймаков/ });
  await expect(municipalities.getByRole("cell").first()).toHaveText("460");
  await expect(table.getByRole("row", { name: /Мэрии городов Бишкек и Ош/ }).getByRole("cell").first()).toHaveText("2");
  await expectAccessible(page);

  // One region, with its administrations.
  await page.getByLabel("Область", { exact: true }).selectOption({ label });
  await page.getByLabel(/Также районные и областные/).check();
  await page.getByRole("button", { name: "Показать, что будет зарегистрировано" }).click();
  await page.waitForURL(new RegExp(`region=${region}`));
  await settle(page, info);
  await expect(table.getByRole("row", { name: /Областные государственные администрации/ }).getByRole("cell").first()).toHaveText("1");
  await expect(table.getByRole("row", { name: /Районные государственные администрации/ }).getByRole("cell").first()).toHaveText(districts);
  const missing = (await table.getByRole("row", { name: /Всего/ }).getByRole("cell").nth(2).textContent())?.trim() ?? "";
  expect(Number(missing)).toBeGreaterThan(Number(districts));
  await page.getByRole("button", { name: `Зарегистрировать организаций: ${missing}` }).click();
  await page.waitForURL(/registered=/);
  await settle(page, info);
  await expect(page.getByRole("status")).toHaveText(`Зарегистрировано организаций: ${missing}.`);
  await expect(page.getByText("Все органы для этого выбора уже зарегистрированы.")).toBeVisible();
  await expect(table.getByRole("row", { name: /Всего/ }).getByRole("cell").nth(2)).toHaveText("0");
  await expectAccessible(page);

  // The directory has them, under the region.
  await open(page, `/organizations?region=${region}&kind=state_body`, info);
  await expect(page.getByRole("main").getByRole("link", { name: /областная государственная администрация/ })).toBeVisible();
});
