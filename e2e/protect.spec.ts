// The dashboard's main story on the embedded defaults: add a folder and a PostgreSQL database
// through the forms (bad ones are refused with their reason and nothing is stored), create a
// policy, "Run now", watch the bar reach 100% without a reload, see the restore point on the
// asset page and the overview turn "protected". Screenshots of every page at 1280 and 375 px.

import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { e2eDatabaseUrl, e2eSecret } from "../playwright.config";
import { shoot, signIn } from "./helpers";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
test.skip(!existsSync(chromium), "Chromium is missing: apt-get install chromium");
test.describe.configure({ mode: "serial" });

// Runs after first-run.spec.ts (name order, one worker) and uses its admin.
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
  // Several runs today: "7 daily" alone would keep only the newest of them.
  await form.getByLabel("Keep last").fill("5");
  await form.getByLabel("RPO (hours)").fill("26");
  await page.screenshot({ path: testInfo.outputPath("create-policy-1280.png"), fullPage: true });
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(form).toBeHidden();
  const policy = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "nightly" }) });
  await expect(policy).toContainText("At 02:00");
  await expect(policy).toContainText("last 5, 7 daily, 4 weekly");
  await shoot(page, testInfo, "policies");

  // Run now: both backups appear on the job list and their bars reach 100% without a reload.
  await policy.getByRole("button", { name: "Run now" }).click();
  await expect(page).toHaveURL(/\/jobs$/);
  await expect(page.getByRole("heading", { name: "Jobs" })).toBeVisible();
  // A marker on the window survives client-side refreshes but not a reload.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  const siteBar = page.getByRole("progressbar", { name: "Progress of backup of site" });
  await expect(siteBar).toHaveAttribute("aria-valuenow", "100", { timeout: 90_000 });
  await expect(page.getByRole("progressbar", { name: "Progress of backup of shop" })).toHaveAttribute(
    "aria-valuenow",
    "100",
    { timeout: 90_000 },
  );
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
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
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  const bar = page.getByRole("progressbar", { name: "Progress of backup of site" });
  await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 90_000 });
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
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

test("a job the CLI starts in another process appears and moves without a reload", async ({
  page,
}, testInfo) => {
  // On PostgreSQL the CLI shares the server's database; on embedded defaults it reaches the
  // server's database through the server's socket (db/owner.ts).
  test.setTimeout(120_000);
  await signIn(page);
  await page.goto("/jobs");
  await expect(page.getByRole("heading", { name: "Jobs" })).toBeVisible();
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  const { stdout } = await promisify(execFile)("sh", ["bin/lifeboat", "policy", "run", "nightly"], {
    env: {
      ...process.env,
      DATABASE_URL: e2eDatabaseUrl ?? "",
      ...(e2eDatabaseUrl ? { LIFEBOAT_SECRET: e2eSecret } : {}),
      LIFEBOAT_DATA_DIR: process.env.LIFEBOAT_E2E_DATA_DIR,
      INIT_CWD: "",
    },
  });
  const ids = stdout.trim().split("\n");
  expect(ids).toHaveLength(2);
  for (const id of ids) {
    const row = page.getByRole("row").filter({ has: page.locator(`a[href="/jobs/${id}"]`) });
    await expect(row).toContainText("the CLI", { timeout: 30_000 });
    await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100", { timeout: 90_000 });
  }
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await shoot(page, testInfo, "jobs-from-cli");
});

test("repositories, webhooks and the assistant's model", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Repositories" }).click();
  await expect(page.getByRole("heading", { name: "Repositories" })).toBeVisible();
  const repos = page.getByRole("table", { name: "Repositories" });
  await expect(repos.getByRole("row", { name: /default/ })).toBeVisible();
  await shoot(page, testInfo, "repositories");
  // A folder that is not a repository is refused with the reason, and nothing is stored.
  await page.getByRole("button", { name: "Add repository" }).click();
  const dialog = page.getByRole("dialog", { name: "Add repository" });
  await dialog.getByLabel("Name").fill("offsite");
  await dialog.getByLabel("Location").fill(folder);
  await dialog.getByLabel("Password").fill("offsite-password");
  await dialog.getByRole("button", { name: "Save repository" }).click();
  await expect(dialog.getByRole("alert")).toContainText("no repository there");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(repos.getByRole("row")).toHaveCount(2);
  await repos.getByRole("button", { name: "Check now" }).click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("log")).toContainText("no errors", { timeout: 60_000 });

  // Webhooks: add one pointing at a local receiver, send a test, remove it.
  const received: string[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push(body);
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = (receiver.address() as AddressInfo).port;
  try {
    await page.goto("/settings/webhooks");
    await expect(page.getByRole("heading", { name: "Settings · Webhooks" })).toBeVisible();
    await page.getByLabel("Webhook URL").fill(`http://127.0.0.1:${port}/hook?token=t0ps3cret`);
    await page.getByRole("button", { name: "Add webhook" }).click();
    const hooks = page.getByRole("table", { name: "Webhooks" });
    await expect(hooks.getByRole("row", { name: /127\.0\.0\.1/ })).toBeVisible();
    await expect(hooks).not.toContainText("t0ps3cret");
    await hooks.getByRole("button", { name: "Send test" }).click();
    await expect(page.getByText(`Test delivered to http://127.0.0.1:${port}`)).toBeVisible();
    expect(JSON.parse(received[0] ?? "{}")).toMatchObject({ event: "webhook.test" });
    await shoot(page, testInfo, "webhooks");
    await hooks.getByRole("button", { name: "Remove" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Remove webhook" }).click();
    await expect(hooks.getByRole("row")).toHaveCount(2);
  } finally {
    receiver.close();
  }

  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Assistant" }).click();
  // playwright.config.ts gives the web server the fake OpenAI-compatible model of the-assistant.spec.ts.
  await expect(page.getByTestId("assistant-provider")).toHaveText("OpenAI-compatible server");
  await shoot(page, testInfo, "assistant");
});

test("a viewer sees no run or edit controls", async ({ page }, testInfo) => {
  const viewer = { email: "vic@example.com", password: "viewer-password-2" };
  await signIn(page);
  await page.goto("/settings/users");
  await page.getByLabel("Email").fill(viewer.email);
  await page.getByLabel("Initial password").fill(viewer.password);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByLabel(`Role of ${viewer.email}`)).toHaveValue("viewer");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel("Email").fill(viewer.email);
  await page.getByLabel("Password").fill(viewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  await page.goto("/inventory");
  await expect(page.getByRole("table", { name: "Assets" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add asset" })).toHaveCount(0);
  await page.getByRole("link", { name: "site" }).click();
  await expect(page.getByRole("heading", { name: "site" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Run now" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Remove" })).toHaveCount(0);
  await page.goto("/policies");
  await expect(page.getByRole("heading", { name: "nightly" })).toBeVisible();
  for (const name of ["Run now", "Create policy", "Edit", "Delete", "Disable"]) {
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  }
  await page.goto("/repositories");
  for (const name of ["Add repository", "Check now", "Set default", "Remove"]) {
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  }
  await page.goto("/jobs");
  await page
    .getByRole("link", { name: /backup · site/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("progressbar", { name: "Progress of backup of site" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Cancel job" })).toHaveCount(0);
  await shoot(page, testInfo, "job-as-viewer");
});
