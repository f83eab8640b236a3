// The dashboard's main story on the embedded defaults: add a folder and a PostgreSQL database
// through the forms (bad ones are refused with their reason and nothing is stored), create a
// policy, "Run now", watch the bar reach 100% without a reload, see the restore point on the
// asset page and the overview turn "protected". Screenshots of every page at 1280 and 375 px.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, type Page, type TestInfo, test } from "@playwright/test";
import postgres from "postgres";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
test.skip(!existsSync(chromium), "Chromium is missing: apt-get install chromium");
test.describe.configure({ mode: "serial" });

// Runs after first-run.spec.ts (name order, one worker) and uses its admin.
const admin = { email: "ada@example.com", password: "first-run-password" };
const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `lifeboat_e2e_${randomBytes(4).toString("hex")}`;
let folder: string;

test.beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "lifeboat-e2e-site-"));
  await writeFile(path.join(folder, "index.html"), "<h1>hello</h1>\n");
  await writeFile(path.join(folder, "big.bin"), randomBytes(8 * 1024 * 1024));
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await sql.unsafe(`create database ${dbName}`);
  await sql.end();
  const shop = postgres(`postgres://postgres@127.0.0.1:5432/${dbName}`, {
    max: 1,
    onnotice: () => undefined,
  });
  await shop`create table orders (id serial primary key, item text)`;
  await shop`insert into orders (item) select 'item ' || g from generate_series(1, 500) g`;
  await shop.end();
});

test.afterAll(async () => {
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await sql.unsafe(`drop database if exists ${dbName} with (force)`);
  await sql.end();
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function signIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}

async function shoot(page: Page, testInfo: TestInfo, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 800 : 900 });
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    expect(overflow, `${name} at ${width} px scrolls sideways`).toBe(false);
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("protect a folder and a database from the browser", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page);
  await shoot(page, testInfo, "overview-empty");

  // Refused: a folder that does not exist, a database that refuses the connection.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inventory" }).click();
  await expect(page.getByRole("heading", { name: "Inventory" })).toBeVisible();
  await page.getByRole("button", { name: "Add asset" }).click();
  const dialog = page.getByRole("dialog", { name: "Add asset" });
  await dialog.getByLabel("Name").fill("ghost");
  await dialog.getByLabel("Folder path").fill(`${folder}/missing`);
  await dialog.getByRole("button", { name: "Save asset" }).click();
  await expect(dialog.getByRole("alert")).toContainText(`${folder}/missing does not exist`);
  await dialog.getByRole("tab", { name: "PostgreSQL database" }).click();
  await dialog.getByLabel("Name").fill("refused");
  await dialog.getByLabel("Database URL").fill("postgres://postgres:secret-pw@127.0.0.1:1/nothing");
  await dialog.getByRole("button", { name: "Save asset" }).click();
  const refusal = dialog.getByRole("alert");
  await expect(refusal).toContainText("cannot connect to PostgreSQL");
  await expect(refusal).toContainText("unreachable");
  await expect(refusal).not.toContainText("secret-pw");
  await page.screenshot({ path: testInfo.outputPath("add-asset-refused-1280.png") });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(page.getByText("No assets yet.")).toBeVisible();

  // Accepted: the folder, then the database.
  await page.getByRole("button", { name: "Add asset" }).click();
  await dialog.getByLabel("Name").fill("site");
  await dialog.getByLabel("Folder path").fill(folder);
  await dialog.getByRole("button", { name: "Save asset" }).click();
  await expect(page.getByRole("heading", { name: "site" })).toBeVisible();
  await page.goto("/inventory");
  await page.getByRole("button", { name: "Add asset" }).click();
  await dialog.getByRole("tab", { name: "PostgreSQL database" }).click();
  await dialog.getByLabel("Name").fill("shop");
  await dialog.getByLabel("Database URL").fill(`postgres://postgres@127.0.0.1:5432/${dbName}`);
  await dialog.getByRole("button", { name: "Save asset" }).click();
  await expect(page.getByRole("heading", { name: "shop" })).toBeVisible();
  await page.goto("/inventory");
  const assets = page.getByRole("table", { name: "Assets" });
  await expect(assets.getByRole("row")).toHaveCount(3);
  await expect(assets.getByRole("row", { name: /site/ })).toContainText("unprotected");
  await shoot(page, testInfo, "inventory");

  // A policy through the form.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Policies" }).click();
  await expect(page.getByRole("heading", { name: "Policies" })).toBeVisible();
  await page.getByRole("button", { name: "Create policy" }).click();
  const form = page.getByRole("dialog", { name: "Create policy" });
  await form.getByLabel("Name").fill("nightly");
  await form.getByRole("checkbox", { name: "site" }).check();
  await form.getByRole("checkbox", { name: "shop" }).check();
  await form.getByLabel("Time zone").fill("Europe/Berlin");
  await expect(form.getByText("At 02:00 (Europe/Berlin)")).toBeVisible();
  await expect(form.getByRole("list", { name: "Next five runs" }).getByRole("listitem")).toHaveCount(5);
  await form.getByLabel("Weekly").fill("4");
  await form.getByLabel("RPO (hours)").fill("26");
  await page.screenshot({ path: testInfo.outputPath("create-policy-1280.png"), fullPage: true });
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(form).toBeHidden();
  const policy = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "nightly" }) });
  await expect(policy).toContainText("At 02:00");
  await expect(policy).toContainText("7 daily, 4 weekly");
  await shoot(page, testInfo, "policies");

  // Run now: both backups appear on the job list and their bars reach 100% without a reload.
  await policy.getByRole("button", { name: "Run now" }).click();
  await expect(page).toHaveURL(/\/jobs$/);
  await expect(page.getByRole("heading", { name: "Jobs" })).toBeVisible();
  const navigations: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  const siteBar = page.getByRole("progressbar", { name: "Progress of backup of site" });
  await expect(siteBar).toHaveAttribute("aria-valuenow", "100", { timeout: 90_000 });
  await expect(page.getByRole("progressbar", { name: "Progress of backup of shop" })).toHaveAttribute(
    "aria-valuenow",
    "100",
    { timeout: 90_000 },
  );
  expect(navigations).toEqual([]);
  await shoot(page, testInfo, "jobs");

  // The asset page: its restore point on the timeline; "Run now" there opens the live job page.
  await page.goto("/inventory");
  await page.getByRole("link", { name: "site" }).click();
  await expect(page.getByRole("heading", { name: "site" })).toBeVisible();
  const timeline = page.getByRole("list", { name: "Restore points, newest first" });
  await expect(timeline.getByRole("listitem")).toHaveCount(1);
  await expect(page.getByText("a recent restore point exists")).toBeVisible();
  await shoot(page, testInfo, "asset");
  await page.getByRole("button", { name: "Run now" }).click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  const jobUrl = page.url();
  const bar = page.getByRole("progressbar", { name: "Progress of backup of site" });
  await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 90_000 });
  expect(page.url()).toBe(jobUrl);
  await expect(page.getByRole("log")).toContainText("succeeded");
  await expect(page.getByRole("button", { name: "Cancel job" })).toBeHidden();
  await shoot(page, testInfo, "job");
  await page.getByRole("link", { name: "Open asset" }).click();
  await expect(timeline.getByRole("listitem")).toHaveCount(2);

  // The overview: both assets protected.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).click();
  await expect(page.getByTestId("count-protected")).toHaveText("2");
  await expect(page.getByTestId("count-at_risk")).toHaveText("0");
  const byProtection = page.getByRole("table", { name: "Assets by protection" });
  await expect(byProtection.getByRole("row", { name: /site/ })).toContainText("protected");
  await expect(byProtection.getByRole("row", { name: /shop/ })).toContainText("protected");
  await shoot(page, testInfo, "overview");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: testInfo.outputPath("overview-dark-1280.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
});
