// Shared steps: opening a page (and waiting for hydration when JavaScript runs), logging in,
// and the accessibility check.
import { expect, test as base, type Locator, type Page, type TestInfo } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/**
 * Every journey's `test`: in the hydrated project it fails on any error in the browser's
 * console or any uncaught exception, on every page the journey opens. A document or server
 * function that answers 4xx on purpose (a refused form, a page not found) logs "Failed to load
 * resource" for its own URL; those are expected. Anything else — a missing favicon, a panic
 * while hydrating an island — fails the test.
 */
export const test = base.extend<{ browserErrors: string[] }>({
  browserErrors: [
    async ({ page }, use, info) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() !== "error") return;
        const url = m.location().url ?? "";
        const expected =
          /status of 4\d\d/.test(m.text()) &&
          !url.includes("/pkg/") &&
          !/\/favicon\./.test(url) &&
          (url === page.url() || new URL(url, page.url()).pathname.startsWith("/api/") || url === "");
        if (!expected) errors.push(`console.error: ${m.text()} (${url})`);
      });
      await use(errors);
      if (hydrated(info)) expect(errors, "errors in the browser console").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export const demo = {
  administrator: { email: "admin@demo.concord.kg", password: "demo-admin-password", name: "Азамат Токтогулов" },
  coordinator: { email: "coordinator@demo.concord.kg", password: "demo-coordinator-password", name: "Айгүл Осмонова" },
  reporter: { email: "reporter@demo.concord.kg", password: "demo-reporter-password", name: "Бакыт Жумабеков" },
  observer: { email: "observer@demo.concord.kg", password: "demo-observer-password", name: "Sarah Collins" },
};

/** Whether this project runs with JavaScript. */
export function hydrated(info: TestInfo): boolean {
  return info.project.name === "hydrated";
}

const browserLogs = new WeakMap<Page, string[]>();

/** Keeps the page's console messages and errors, to explain a page that failed to hydrate. */
function watch(page: Page): string[] {
  let logs = browserLogs.get(page);
  if (!logs) {
    const kept: string[] = [];
    page.on("console", (m) => kept.push(`console.${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => kept.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => kept.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    browserLogs.set(page, kept);
    logs = kept;
  }
  return logs;
}

/** Opens a page; with JavaScript, waits until the app has hydrated so clicks are handled. */
export async function open(page: Page, path: string, info: TestInfo) {
  watch(page);
  await page.goto(path);
  await settle(page, info);
}

/** After a navigation, waits for hydration (with JavaScript) or the load (without). */
export async function settle(page: Page, info: TestInfo) {
  const logs = watch(page);
  await page.waitForLoadState("load");
  if (hydrated(info)) {
    try {
      // The hydration marker is an attribute the app sets for tests; no role or label shows it.
      await page.locator('body[data-hydrated="true"]').waitFor({ timeout: 20_000 });
    } catch (error) {
      throw new Error(`${page.url()} did not hydrate:\n${logs.join("\n")}`, { cause: error });
    }
  }
}

export async function login(page: Page, info: TestInfo, email: string, password: string) {
  await open(page, "/login", info);
  await page.getByLabel(/Электронная почта|Email|Электрондук почта/).fill(email);
  await page.getByLabel(/^(Пароль|Password|Сырсөз)/).fill(password);
  await page.getByRole("button", { name: /^(Войти|Log in|Кирүү)$/ }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  await settle(page, info);
}

export async function logout(page: Page, info: TestInfo) {
  await page.getByRole("button", { name: /^(Выйти|Log out|Чыгуу)$/ }).click();
  await expect(page.getByRole("link", { name: /^(Войти|Log in|Кирүү)$/ })).toBeVisible();
  await settle(page, info);
}

/** The status under a task's, report's or activity's heading, e.g. statusShown(page, "Принят"). */
export function statusShown(page: Page, status: string): Locator {
  // It is a word of its own in a paragraph; the history's cells, which name statuses too, are not paragraphs.
  return page.getByRole("main").getByRole("paragraph").getByText(status, { exact: true });
}

/** What a description list (a <dl>) gives for one of its terms, e.g. definition(rollup, "Проверено"). */
export function definition(list: Locator, term: string): Locator {
  // A <dd> is tied to its <dt> only by the <div> around the pair, which has no role.
  return list.locator("div").filter({ has: list.page().getByRole("term").filter({ hasText: term }) }).getByRole("definition");
}

/** No serious or critical accessibility violations on the current page. */
export async function expectAccessible(page: Page) {
  // axe runs inside the page, so it needs JavaScript; the hydrated project checks every page
  // (the server renders the same HTML for both projects).
  if (test.info().project.name !== "hydrated") return;
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** A name no earlier run has used. */
export function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

