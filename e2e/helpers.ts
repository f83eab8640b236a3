// What the browser specs share: the first administrator (created by first-run.spec.ts, which
// runs first), signing in through the form, and screenshots at the two widths every page is
// judged at (failing when a page scrolls sideways).
import { expect, type Page, type TestInfo } from "@playwright/test";

export const admin = { name: "Ada Admin", email: "ada@example.com", password: "first-run-password" };

/** Signs in through the form and waits for the overview. */
export async function signIn(page: Page, who: { email: string; password: string } = admin) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}

/** Full-page screenshots at 1280 and 375 px as test artifacts. */
export async function shoot(page: Page, testInfo: TestInfo, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 800 : 900 });
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    expect(overflow, `${name} at ${width} px scrolls sideways`).toBe(false);
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
