import { existsSync } from "node:fs";
import { expect, test } from "@playwright/test";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
test.skip(!existsSync(chromium), "Chromium is missing: apt-get install chromium");

// The second test (and users.spec.ts) signs in as the admin the first one created.
test.describe.configure({ mode: "serial" });

const admin = { name: "Ada Admin", email: "ada@example.com", password: "first-run-password" };

// First contact as the README promises it, at http://127.0.0.1:PORT (playwright.config.ts), with
// LIFEBOAT_URL unset: setup, sign-in, sign-out, sign-in again.
test("first run: setup, sign-in, the shell, sign-out, sign-in again", async ({ page }) => {
  const addresses: string[] = [];
  page.on("request", (r) => addresses.push(r.url()));
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Lifeboat" })).toBeVisible();
  // The rules are stated before the user can fail them.
  await expect(page.getByText("Password: 10 to 128 characters")).toBeVisible();

  await page.getByLabel("Name").fill(admin.name);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password", { exact: true }).fill(admin.password);
  await page.getByLabel("Confirm password").fill(admin.password);
  await page.getByRole("button", { name: "Create administrator" }).click();

  await expect(page).toHaveURL(/\/sign-in\?setup=done$/);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Email or password is wrong")).toBeVisible();

  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(page.getByTestId("user-role")).toHaveText("admin");
  await expect(page.getByRole("region", { name: "Signed in user" })).toContainText(admin.email);

  await nav.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings · Users" })).toBeVisible();
  await expect(page.getByRole("cell", { name: `${admin.name} ${admin.email}` })).toBeVisible();

  // Set-up is gone once a user exists.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$|\/$/);

  await page.goto("/");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/settings/users");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fusers$/);

  // Sign in again, and land where the sign-in page was asked to go.
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Settings · Users" })).toBeVisible();
  expect(new URL(page.url()).host).toMatch(/^127\.0\.0\.1:/);
  // No password ever travelled in an address.
  expect(
    addresses.filter((u) => u.includes(encodeURIComponent(admin.password)) || u.includes(admin.password)),
  ).toEqual([]);
});

test("the shell fits a phone screen", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
});
