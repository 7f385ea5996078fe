// On a 360 × 800 phone the header stays small: the navigation folds into a menu that opens
// without JavaScript and names the current page, every page's heading is on screen without
// scrolling, and every link stays reachable by keyboard.
import { test, expect, demo, login, open } from "./fixtures";

test.use({ viewport: { width: 360, height: 800 } });

const pages = [
  "/",
  "/inbox",
  "/dashboard",
  "/dashboard/organizations",
  "/tasks",
  "/tasks/new",
  "/reports",
  "/reports/missing",
  "/activities",
  "/indicators",
  "/organizations",
  "/users",
  "/account",
  "/public",
  "/about",
];

test("every page's heading is on screen at 360 pixels without scrolling", async ({ page }, info) => {
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  for (const path of pages) {
    await open(page, path, info);
    const heading = page.getByRole("heading", { level: 1 }).first();
    await expect(heading, path).toBeInViewport();
    const box = await heading.boundingBox();
    expect(box, path).not.toBeNull();
    expect(box!.y + box!.height, `${path}: the heading ends within the first screen`).toBeLessThanOrEqual(800);
  }
});

test("the menu opens without JavaScript, names the current page and is reachable by keyboard", async ({ page }, info) => {
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/reports", info);
  // The menu is the header's one group; its <summary> has no ARIA role to find it by.
  const summary = page.getByRole("banner").getByRole("group").locator("summary");
  await expect(summary).toContainText("Меню");
  await expect(summary).toContainText("Отчёты");
  const tasksLink = page.getByRole("navigation").getByRole("link", { name: "Поручения", exact: true });
  await expect(tasksLink).toBeHidden();
  // From the keyboard: the summary takes focus and opens the menu.
  await summary.focus();
  await page.keyboard.press("Enter");
  await expect(tasksLink).toBeVisible();
  await tasksLink.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/tasks$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Поручения");
});

test("on a wide screen the navigation shows without opening anything", async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  await open(page, "/reports", info);
  await expect(page.getByRole("navigation").getByRole("link", { name: "Поручения", exact: true })).toBeVisible();
  // The menu's <summary> has no ARIA role to find it by.
  await expect(page.getByRole("banner").getByRole("group").locator("summary")).toBeHidden();
});
