// A form on another site cannot act on a logged-in user's behalf.
import { test, expect, demo, login, open } from "./fixtures";

test("a cross-site form post is refused", async ({ page, baseURL }, info) => {
  await login(page, info, demo.coordinator.email, demo.coordinator.password);
  // A page on another origin with a form that posts to Concord.
  await page.route("http://evil.test/**", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html lang="en"><body>
        <form method="post" action="${baseURL}/api/logout"><button>Win a prize</button></form>
      </body></html>`,
    }),
  );
  await page.goto("http://evil.test/");
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/logout")),
    page.getByRole("button", { name: "Win a prize" }).click(),
  ]);
  expect(response.status()).toBe(403);
  // Still logged in.
  await open(page, "/account", info);
  await expect(page.getByRole("heading", { name: "Моя учётная запись" })).toBeVisible();
});

test("unknown pages answer 404 in the chosen language", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Страница не найдена");
});
