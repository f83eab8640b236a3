// Issue 16 in the browser, against the production build: sign-in at another address of the same
// machine, no open redirect, forms that post and wait for hydration, the 404 frame, the favicon,
// and no reload loop. Runs after first-run.spec.ts and uses its admin.
import { existsSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
test.skip(!existsSync(chromium), "Chromium is missing: apt-get install chromium");

const admin = { email: "ada@example.com", password: "first-run-password" };

async function signIn(page: Page, origin: string, next?: string) {
  await page.goto(`${origin}/sign-in${next ? `?next=${next}` : ""}`);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("sign-in works at localhost too (the same server, another address)", async ({ page, baseURL }) => {
  const other = String(baseURL).replace("127.0.0.1", "localhost");
  await signIn(page, other);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  expect(new URL(page.url()).hostname).toBe("localhost");
});

for (const next of ["/%5Cevil.example/x", "/%09/evil.example", "//evil.example/x"]) {
  test(`sign-in with next=${next} stays on this origin`, async ({ page, baseURL }) => {
    const origin = new URL(String(baseURL)).origin;
    // Any attempt to leave is caught here, before the network.
    await page.route(
      (url) => url.hostname.endsWith("evil.example"),
      (route) => route.abort(),
    );
    const left: string[] = [];
    page.on("framenavigated", (frame) => {
      if (!frame.url().startsWith(origin)) left.push(frame.url());
    });
    await signIn(page, origin, next);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    expect(left).toEqual([]);
  });
}

test("password forms post and cannot be submitted before React runs", async ({ browser, baseURL }) => {
  // Without JavaScript the form is what the server sent: method post, submit disabled.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const requested: string[] = [];
  page.on("request", (r) => requested.push(r.url()));
  await page.goto(`${baseURL}/sign-in`);
  await expect(page.locator("form")).toHaveAttribute("method", "post");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
  await page.getByLabel("Password").press("Enter");
  await page.waitForTimeout(500);
  expect(requested.filter((u) => u.includes("password"))).toEqual([]);
  expect(page.url()).not.toContain("password");
  await context.close();
});

test("an unknown page keeps the app frame and leads home; the favicon exists", async ({ page, baseURL }) => {
  await signIn(page, String(baseURL));
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the overview" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  const icon = await page.request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/icon/);
});

test("pages load once per navigation: no reload loop", async ({ page, baseURL }) => {
  await signIn(page, String(baseURL));
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  // Signing in ends with a document load of its own, whose load event may come after the
  // heading shows: it is not one of the visits counted below.
  await page.waitForLoadState("load");
  let loads = 0;
  page.on("load", () => loads++);
  const visits = ["/", "/settings/users", "/", "/settings/users"];
  for (const path of visits) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  // Stay a while on the last page: a reload loop would add loads with no navigation.
  await page.waitForTimeout(5_000);
  expect(loads).toBe(visits.length);
});
