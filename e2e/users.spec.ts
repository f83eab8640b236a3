import { existsSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { admin, signIn } from "./helpers";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
test.skip(!existsSync(chromium), "Chromium is missing: apt-get install chromium");

// Runs after first-run.spec.ts (files run in name order on one worker) and uses its admin.
const viewer = { email: "vera@example.com", password: "viewer-password-1" };

test("an admin creates a viewer, who cannot manage users until promoted", async ({ page }) => {
  await signIn(page, admin);
  await page.goto("/settings/users");
  await page.getByLabel("Email").fill(viewer.email);
  await page.getByLabel("Initial password").fill(viewer.password);
  await page.getByRole("button", { name: "Create user" }).click();
  const roleSelect = page.getByLabel(`Role of ${viewer.email}`);
  await expect(roleSelect).toHaveValue("viewer");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signIn(page, viewer);
  await expect(page.getByTestId("user-role")).toHaveText("viewer");
  await page.goto("/settings/users");
  await expect(page.getByText("This page needs the admin role")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();

  await signIn(page, admin);
  await page.goto("/settings/users");
  await page.getByLabel(`Role of ${viewer.email}`).selectOption("operator");
  await expect(page.getByLabel(`Role of ${viewer.email}`)).toHaveValue("operator");
  await page.reload();
  await expect(page.getByLabel(`Role of ${viewer.email}`)).toHaveValue("operator");
});
