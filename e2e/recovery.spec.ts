// Recovery plans end to end, on real PostgreSQL and a real folder: back up, verify (a drill),
// back up again unverified, declare an incident at a time between, break the data, back up the
// broken state and verify it too. The plan must pick the verified point before the incident — not
// the newer unverified one before it, not the verified one after it; started, it restores into a
// new database (tables equal to the chosen point's) and a new folder (the removed file is back,
// bytes equal). Screenshots at 1280 and 375 px. Runs after first-run.spec.ts and uses its admin.
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import postgres from "postgres";
import { shoot, signIn } from "./helpers";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
test.skip(!existsSync(chromium), "Chromium is missing: apt-get install chromium");
test.describe.configure({ mode: "serial" });

const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `lifeboat_e2e_r24_ledger_${process.pid}`;
const source = `postgres://postgres@127.0.0.1:5432/${dbName}`;
const dropped: string[] = [dbName];
let folder: string;

test.beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "lifeboat-e2e-r24-site-"));
});

test.afterAll(async () => {
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  for (const name of dropped) await sql.unsafe(`drop database if exists "${name}" with (force)`);
  await sql.end();
  if (!folder) return;
  // The restored copies sit next to the folder (<folder>.restored-<time>).
  const parent = path.dirname(folder);
  for (const name of await readdir(parent)) {
    if (name.startsWith(path.basename(folder)))
      await rm(path.join(parent, name), { recursive: true, force: true });
  }
});

async function tables(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const entries = await sql`select id, account, amount from entries order by id`;
    const accounts = await sql`select name, note from accounts order by name`;
    return { entries: entries.map((r) => ({ ...r })), accounts: accounts.map((r) => ({ ...r })) };
  } finally {
    await sql.end();
  }
}

async function addAsset(page: Page, name: string, how: { folder?: string; database?: string }) {
  await page.goto("/inventory");
  await page.getByRole("button", { name: "Add asset" }).click();
  const dialog = page.getByRole("dialog", { name: "Add asset" });
  if (how.database) {
    await dialog.getByRole("tab", { name: "PostgreSQL database" }).click();
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Database URL").fill(how.database);
  } else {
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Folder path").fill(how.folder as string);
  }
  await dialog.getByRole("button", { name: "Save asset" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await page.goto("/policies");
  await page.getByRole("button", { name: "Create policy" }).click();
  const form = page.getByRole("dialog", { name: "Create policy" });
  await form.getByLabel("Name").fill(`${name}-policy`);
  await form.getByRole("checkbox", { name, exact: true }).check();
  // Enough kept that the follow-up forget of each backup leaves every point of the test.
  await form.getByLabel("Keep last").fill("10");
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(form).toBeHidden();
}

/** "Run now", wait for it, and return the new restore point's short snapshot id. */
async function backUp(page: Page, asset: string, verify: boolean): Promise<string> {
  await page.goto("/inventory");
  await page.getByRole("link", { name: asset, exact: true }).click();
  await page.getByRole("button", { name: "Run now" }).click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("log")).toContainText("succeeded", { timeout: 90_000 });
  await page.goto("/restore-points");
  await page
    .getByRole("table", { name: "Restore points" })
    .getByRole("row", { name: new RegExp(asset) })
    .first()
    .getByRole("link")
    .first()
    .click();
  const heading = page.getByRole("heading", { name: new RegExp(`^${asset} · [0-9a-f]{8}$`) });
  const snapshot = ((await heading.textContent()) ?? "").split(" · ")[1] as string;
  if (verify) {
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("log")).toContainText("succeeded", { timeout: 90_000 });
  }
  return snapshot;
}

/** A moment strictly between two backups, to the second, and as the browser's local input text. */
async function incidentMoment(page: Page): Promise<{ iso: string; local: string }> {
  await page.waitForTimeout(1500);
  const at = new Date(Math.floor(Date.now() / 1000) * 1000);
  const local = await page.evaluate((iso) => {
    const d = new Date(iso);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, at.toISOString());
  await page.waitForTimeout(1500);
  return { iso: at.toISOString(), local };
}

async function declare(page: Page, asset: string, local: string, reason: string) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Recovery" }).click();
  await expect(page.getByRole("heading", { name: "Recovery", exact: true })).toBeVisible();
  const form = page.getByRole("form", { name: "Declare incident" });
  await form.getByRole("checkbox", { name: asset, exact: true }).check();
  await form.getByLabel("Incident time").fill(local);
  await form.getByLabel("Reason").fill(reason);
  await form.getByRole("button", { name: "Plan recovery" }).click();
  await expect(page).toHaveURL(/\/recovery\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("recovery-status")).toContainText("draft");
}

/** Starts the plan shown and waits for its summary; returns the asset row's target. */
async function startAndFinish(
  page: Page,
  asset: string,
  shotName: string,
  testInfo: Parameters<typeof shoot>[1],
) {
  const row = page
    .getByRole("table", { name: "Recovery plan" })
    .getByRole("row", { name: new RegExp(asset) });
  await page.getByRole("button", { name: "Start recovery" }).click();
  await page
    .getByRole("alertdialog", { name: "Start this recovery?" })
    .getByRole("button", { name: "Start" })
    .click();
  await expect(row.getByRole("link", { name: /^job [0-9a-f]{8}$/ })).toBeVisible();
  const summary = page.getByRole("region", { name: /Summary/ });
  await expect(summary).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("recovery-status")).toContainText("succeeded");
  await expect(row).toContainText("succeeded");
  await shoot(page, testInfo, shotName);
  return summary;
}

test("a database corrupted after a verified backup is recovered into a new database", async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await sql.unsafe(`create database ${dbName}`);
  await sql.end();
  const db = postgres(source, { max: 1, onnotice: () => undefined });
  await db`create table entries (id serial primary key, account text, amount numeric(12,2))`;
  await db`insert into entries (account, amount) select 'acct ' || (g % 7), g * 3.5 from generate_series(1, 400) g`;
  await db`create table accounts (name text primary key, note text)`;
  await db`insert into accounts values ('cash', 'ça va'), ('bank', null)`;

  await signIn(page);
  await addAsset(page, "ledger", { database: source });
  const verified = await backUp(page, "ledger", true);
  const atVerified = await tables(source);
  // A later backup before the incident, never verified: the plan must not prefer it.
  await db`insert into entries (account, amount) values ('late', 1)`;
  const unverified = await backUp(page, "ledger", false);
  const incident = await incidentMoment(page);
  // The corruption, then a backup of it that even passes a drill: it is after the incident.
  await db`update entries set amount = 0`;
  await db`delete from accounts`;
  await db.end();
  const after = await backUp(page, "ledger", true);
  expect(new Set([verified, unverified, after]).size).toBe(3);

  await declare(page, "ledger", incident.local, "ledger was corrupted");
  const table = page.getByRole("table", { name: "Recovery plan" });
  const row = table.getByRole("row", { name: /ledger/ });
  await expect(row).toContainText(verified);
  await expect(row).not.toContainText(unverified);
  await expect(row).not.toContainText(after);
  await expect(row.locator('[data-status="verified"]')).toBeVisible();
  await expect(page.getByTestId("recovery-throughput")).toContainText(/measured|assumed/);
  const target = (await row.textContent())?.match(new RegExp(`${dbName}_restored_\\d{8}_\\d{6}`))?.[0] ?? "";
  expect(target).not.toBe("");
  dropped.push(target);
  await shoot(page, testInfo, "recovery-plan-database");

  const summary = await startAndFinish(page, "ledger", "recovery-database-done", testInfo);
  await expect(summary).toContainText(`ledger is in the new database ${target}`);
  expect(await tables(`postgres://postgres@127.0.0.1:5432/${target}`)).toEqual(atVerified);

  await page.goto("/recovery");
  await expect(
    page.getByRole("table", { name: "Recovery plans" }).getByRole("row", { name: /ledger was corrupted/ }),
  ).toContainText("succeeded");
  await shoot(page, testInfo, "recovery-list");
});

// "storefront", not "site": protect.spec.ts, earlier in the suite, adds an asset named site.
test("a file removed after the incident time comes back in a new folder", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const keep = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7) % 256));
  await writeFile(path.join(folder, "index.html"), "<h1>shop</h1>\n");
  await writeFile(path.join(folder, "catalogue.bin"), keep);
  await signIn(page);
  await addAsset(page, "storefront", { folder });
  const verified = await backUp(page, "storefront", true);
  const incident = await incidentMoment(page);
  await unlink(path.join(folder, "catalogue.bin"));
  const after = await backUp(page, "storefront", false);
  expect(after).not.toBe(verified);

  await declare(page, "storefront", incident.local, "catalogue.bin deleted by mistake");
  const row = page.getByRole("table", { name: "Recovery plan" }).getByRole("row", { name: /storefront/ });
  await expect(row).toContainText(verified);
  await expect(row).not.toContainText(after);
  await expect(row).toContainText(`${folder}.restored-`);
  // The draft is edited before it starts: a target of our choosing; inside the live folder is refused.
  await row.getByRole("button", { name: "Edit storefront" }).click();
  const edit = page.getByRole("dialog", { name: "Edit storefront" });
  await edit.getByLabel("Target folder").fill(path.join(folder, "inside"));
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByRole("alert")).toContainText("inside the original folder");
  const target = `${folder}-recovered`;
  await edit.getByLabel("Target folder").fill(target);
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText(target);
  await shoot(page, testInfo, "recovery-plan-edited");
  const summary = await startAndFinish(page, "storefront", "recovery-folder-done", testInfo);
  await expect(summary).toContainText(`storefront is in the new folder ${target}`);
  expect(await readFile(path.join(target, "catalogue.bin"))).toEqual(keep);
  expect(await readFile(path.join(target, "index.html"), "utf8")).toBe("<h1>shop</h1>\n");
  expect(existsSync(path.join(folder, "catalogue.bin"))).toBe(false);
});
