// The dashboard's recovery story on the embedded defaults: back up a real folder twice through
// the forms and "Run now", find the restore point in the list, browse three folders deep, restore
// one file to a new folder and a two-folder selection (bytes compared on disk), then find a file by
// "Search files" and download its older version (bytes compared); a finished restore's job page
// says where the data is now; a folder downloads as a tar (unpacked, bytes compared).
// Screenshots at 1280 and 375 px.
// Runs after first-run.spec.ts (name order, one worker) and uses its admin.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import postgres from "postgres";
import { shoot, signIn } from "./helpers";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
test.skip(!existsSync(chromium), "Chromium is missing: apt-get install chromium");
test.describe.configure({ mode: "serial" });

const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `lifeboat_e2e_shop_${process.pid}`;
const dropped: string[] = [dbName];
const deep = "alpha/beta/gamma/deep.txt";
let folder: string;
let restoreRoot: string;
const v1 = `first version ${"x".repeat(3000)}\n`;
const v2 = "second version\n";

test.beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "lifeboat-e2e-docs-"));
  restoreRoot = await mkdtemp(path.join(os.tmpdir(), "lifeboat-e2e-restored-"));
  await mkdir(path.join(folder, "alpha/beta/gamma"), { recursive: true });
  await mkdir(path.join(folder, "photos"), { recursive: true });
  await writeFile(path.join(folder, deep), Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251)));
  await writeFile(path.join(folder, "alpha/readme.md"), "# alpha\n");
  await writeFile(path.join(folder, "photos/cat.jpg"), Buffer.alloc(20_000, 7));
  await writeFile(path.join(folder, "ledger-2026.csv"), v1);
});

test.afterAll(async () => {
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  for (const name of dropped) await sql.unsafe(`drop database if exists "${name}" with (force)`);
  await sql.end();
  for (const dir of [folder, restoreRoot]) if (dir) await rm(dir, { recursive: true, force: true });
});

/** "Run now" on the asset page, then wait for the backup to succeed. */
async function backUp(page: Page, asset = "docs") {
  await page.goto("/inventory");
  await page.getByRole("link", { name: asset, exact: true }).click();
  await page.getByRole("button", { name: "Run now" }).click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("log")).toContainText("succeeded", { timeout: 90_000 });
}

async function waitForRestore(page: Page) {
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("progressbar", { name: /Progress of restore/ })).toBeVisible();
  await expect(page.getByRole("log")).toContainText("succeeded", { timeout: 90_000 });
}

test("find, browse, restore and download from restore points", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await signIn(page);

  // The folder as an asset, and a policy so "Run now" has one to run under.
  await page.goto("/inventory");
  await page.getByRole("button", { name: "Add asset" }).click();
  const dialog = page.getByRole("dialog", { name: "Add asset" });
  await dialog.getByLabel("Name").fill("docs");
  await dialog.getByLabel("Folder path").fill(folder);
  await dialog.getByRole("button", { name: "Save asset" }).click();
  await expect(page.getByRole("heading", { name: "docs" })).toBeVisible();
  await page.goto("/policies");
  await page.getByRole("button", { name: "Create policy" }).click();
  const form = page.getByRole("dialog", { name: "Create policy" });
  await form.getByLabel("Name").fill("docs-hourly");
  await form.getByRole("checkbox", { name: "docs" }).check();
  await form.getByLabel("Keep last").fill("10");
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(form).toBeHidden();

  // Two backups; the ledger changes in between, so search finds two versions.
  await backUp(page);
  await writeFile(path.join(folder, "ledger-2026.csv"), v2);
  await backUp(page);

  // The list: rows are table rows with the asset's name, linking to the point's page.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Restore points" }).click();
  await expect(page.getByRole("heading", { name: "Restore points" })).toBeVisible();
  const list = page.getByRole("table", { name: "Restore points" });
  const rows = list.getByRole("row", { name: /docs/ });
  await expect(rows).toHaveCount(2);
  // The snapshot's tags, in the list and on the point's page.
  await expect(rows.first().getByRole("list", { name: "Tags" })).toContainText("lifeboat");
  await shoot(page, testInfo, "restore-points");
  await rows.first().getByRole("link").click();
  await expect(page).toHaveURL(/\/restore-points\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: /^docs · [0-9a-f]{8}$/ })).toBeVisible();
  await expect(page.getByText("Snapshot ID")).toBeVisible();

  // Browse three folders deep.
  const browser = page.getByRole("region", { name: "File browser" });
  for (const name of ["alpha", "beta", "gamma"]) {
    await browser.getByRole("button", { name, exact: true }).click();
  }
  const table = browser.getByRole("table", { name: `Contents of ${folder}/alpha/beta/gamma` });
  await expect(table.getByRole("row", { name: /deep\.txt/ })).toContainText("68.4 KiB");
  await expect(page.getByRole("navigation", { name: "Folder path" })).toContainText("gamma");
  await shoot(page, testInfo, "restore-point-browse");

  // Restore the one file to a folder of our choosing; the job page shows it finish.
  await table.getByRole("checkbox", { name: "Select deep.txt" }).check();
  await browser.getByRole("button", { name: "Restore selected (1)" }).click();
  let restore = page.getByRole("dialog", { name: "Restore docs" });
  await expect(restore.getByTestId("default-target")).toContainText(`${folder}.restored-`);
  // One file: the estimate is its size.
  await expect(restore.getByTestId("restore-estimate")).toContainText("About 68.4 KiB");
  await expect(restore.getByText("Overwrite (admins only)")).toBeVisible();
  // Overwrite: admins only, and "Start restore" waits for the asset's name.
  await restore.getByRole("checkbox", { name: /Replace the live folder/ }).check();
  await expect(restore.getByRole("button", { name: "Start restore" })).toBeDisabled();
  await restore.getByLabel("Type docs to confirm").fill("docs");
  await expect(restore.getByRole("button", { name: "Start restore" })).toBeEnabled();
  await restore.getByRole("checkbox", { name: /Replace the live folder/ }).uncheck();
  await page.screenshot({ path: testInfo.outputPath("restore-dialog-1280.png") });
  const fileTarget = path.join(restoreRoot, "one-file");
  await restore.getByLabel("Other target folder (optional)").fill(fileTarget);
  await restore.getByRole("button", { name: "Start restore" }).click();
  await waitForRestore(page);
  expect(await readFile(path.join(fileTarget, deep))).toEqual(await readFile(path.join(folder, deep)));
  // The job page ends with where the data is now, in full, and a link to browse what was restored.
  const outcome = page.getByRole("region", { name: "Where the data is now" });
  await expect(outcome.getByTestId("restore-target")).toHaveText(fileTarget);
  await expect(outcome.getByRole("link", { name: "Browse what was restored" })).toHaveAttribute(
    "href",
    new RegExp(
      `\\?path=${encodeURIComponent(path.join(folder, path.dirname(deep))).replace(/[.]/g, "\\.")}$`,
    ),
  );
  await shoot(page, testInfo, "restore-job");

  // A multi-selection of two folders.
  await page.goto("/restore-points");
  await list.getByRole("row", { name: /docs/ }).first().getByRole("link").click();
  // What changed since the first backup: exactly the ledger, modified.
  const changed = page.getByRole("list", { name: "Changed files" }).getByRole("listitem");
  await expect(changed).toHaveCount(1);
  await expect(changed).toContainText("ledger-2026.csv");
  await expect(changed).toContainText("modified");
  await expect(page.getByTestId("change-totals")).toContainText("0 added, 0 removed, 1 modified");
  // The same as a tree by folder (only the ledger at the top: nothing else changed).
  const byFolder = page.getByRole("list", { name: "Changes by folder" }).getByRole("listitem");
  await expect(byFolder).toHaveCount(1);
  await expect(byFolder).toContainText("ledger-2026.csv");
  await shoot(page, testInfo, "restore-point-changes");
  // A file's versions across restore points, from its row: both backups, this one marked.
  await browser.getByRole("button", { name: "Versions of ledger-2026.csv" }).click();
  const versions = page.getByRole("dialog", { name: "Versions of ledger-2026.csv" });
  await expect(versions.getByRole("row")).toHaveCount(3);
  await expect(versions.getByText("(this one)")).toBeVisible();
  await expect(versions.getByRole("link", { name: "Download" })).toHaveCount(2);
  await shoot(page, testInfo, "file-versions");
  await page.keyboard.press("Escape");
  await expect(versions).toBeHidden();
  await browser.getByRole("checkbox", { name: "Select alpha" }).check();
  await browser.getByRole("checkbox", { name: "Select photos" }).check();
  await browser.getByRole("button", { name: "Restore selected (2)" }).click();
  restore = page.getByRole("dialog", { name: "Restore docs" });
  await expect(restore.getByRole("list", { name: "Items to restore" }).getByRole("listitem")).toHaveCount(2);
  // Folders: sizes unknown until restored, so the whole point's size bounds it.
  await expect(restore.getByTestId("restore-estimate")).toContainText("At most");
  const twoTarget = path.join(restoreRoot, "two-folders");
  await restore.getByLabel("Other target folder (optional)").fill(twoTarget);
  await restore.getByRole("button", { name: "Start restore" }).click();
  await waitForRestore(page);
  for (const rel of [deep, "alpha/readme.md", "photos/cat.jpg"]) {
    expect(await readFile(path.join(twoTarget, rel))).toEqual(await readFile(path.join(folder, rel)));
  }
  expect(existsSync(path.join(twoTarget, "ledger-2026.csv"))).toBe(false);
  await expect(
    page.getByRole("region", { name: "Where the data is now" }).getByTestId("restore-target"),
  ).toHaveText(twoTarget);

  // "Download" of a folder: a tar, unpacked by the system's tar, bytes compared.
  await page
    .getByRole("region", { name: "Where the data is now" })
    .getByRole("link", { name: "Browse what was restored" })
    .click();
  await expect(page).toHaveURL(/\/restore-points\/[0-9a-f-]{36}$/);
  const archive = page.waitForEvent("download");
  await browser.getByRole("link", { name: "Download alpha" }).click();
  const tar = await archive;
  expect(tar.suggestedFilename()).toBe("alpha.tar");
  const unpacked = await mkdtemp(path.join(restoreRoot, "unpacked-"));
  execFileSync("tar", ["-xf", await tar.path(), "-C", unpacked]);
  for (const rel of [deep, "alpha/readme.md"]) {
    expect(await readFile(path.join(unpacked, rel))).toEqual(await readFile(path.join(folder, rel)));
  }

  // "What changed" between any two chosen points: from the older point, compared with the newer.
  await page.goto("/restore-points");
  await list.getByRole("row", { name: /docs/ }).last().getByRole("link").click();
  await expect(page.getByTestId("change-totals")).toHaveCount(0);
  await page.getByLabel("Compare with").selectOption({ index: 0 });
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(/against=/);
  await expect(page.getByTestId("change-totals")).toContainText("Compared with the restore point");
  await expect(page.getByTestId("change-totals")).toContainText("0 added, 0 removed, 1 modified");
  await expect(page.getByRole("list", { name: "Tags" })).toContainText("lifeboat");
  await shoot(page, testInfo, "restore-point-compare");

  // Search: both versions of the ledger, newest first; download the older one.
  await page.goto("/restore-points");
  await page.getByLabel("Search files").fill("ledger-2026");
  await page.getByLabel("Search files").press("Enter");
  const hits = page
    .getByRole("table", { name: "Search results" })
    .getByRole("row", { name: /ledger-2026\.csv/ });
  await expect(hits).toHaveCount(2);
  await shoot(page, testInfo, "search");
  const download = page.waitForEvent("download");
  await hits.last().getByRole("link", { name: "Download" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("ledger-2026.csv");
  expect(await readFile(await file.path())).toEqual(Buffer.from(v1));

  // Restore that older version from its search hit, and compare bytes on disk.
  await hits.last().getByRole("button", { name: "Restore" }).click();
  const fromHit = page.getByRole("dialog", { name: "Restore docs" });
  const hitTarget = path.join(restoreRoot, "from-search");
  await fromHit.getByLabel("Other target folder (optional)").fill(hitTarget);
  await fromHit.getByRole("button", { name: "Start restore" }).click();
  await waitForRestore(page);
  expect(await readFile(path.join(hitTarget, "ledger-2026.csv"), "utf8")).toBe(v1);
});

async function tables(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const orders = await sql`select id, item, price from orders order by id`;
    const notes = await sql`select id, body from notes order by id`;
    return { orders: orders.map((r) => ({ ...r })), notes: notes.map((r) => ({ ...r })) };
  } finally {
    await sql.end();
  }
}

test("restore a PostgreSQL asset into a new database", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await sql.unsafe(`create database ${dbName}`);
  await sql.end();
  const source = `postgres://postgres@127.0.0.1:5432/${dbName}`;
  const shop = postgres(source, { max: 1, onnotice: () => undefined });
  await shop`create table orders (id serial primary key, item text, price numeric(10,2))`;
  await shop`insert into orders (item, price) select 'item ' || g, g * 1.25 from generate_series(1, 300) g`;
  await shop`create table notes (id serial primary key, body text)`;
  await shop`insert into notes (body) values ('déjà vu'), (''), (null)`;
  await shop.end();

  await signIn(page);
  await page.goto("/inventory");
  await page.getByRole("button", { name: "Add asset" }).click();
  const dialog = page.getByRole("dialog", { name: "Add asset" });
  await dialog.getByRole("tab", { name: "PostgreSQL database" }).click();
  await dialog.getByLabel("Name").fill("shopdb");
  await dialog.getByLabel("Database URL").fill(source);
  await dialog.getByRole("button", { name: "Save asset" }).click();
  await expect(page.getByRole("heading", { name: "shopdb" })).toBeVisible();
  await page.goto("/policies");
  await page.getByRole("button", { name: "Create policy" }).click();
  const form = page.getByRole("dialog", { name: "Create policy" });
  await form.getByLabel("Name").fill("shopdb-nightly");
  await form.getByRole("checkbox", { name: "shopdb" }).check();
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(form).toBeHidden();
  await backUp(page, "shopdb");

  await page.goto("/restore-points");
  await page
    .getByRole("table", { name: "Restore points" })
    .getByRole("row", { name: /shopdb/ })
    .getByRole("link")
    .click();
  const counts = page.getByRole("table", { name: "Row counts at backup time" });
  await expect(counts.getByRole("row", { name: /orders/ })).toContainText("300");
  await page.getByRole("button", { name: "Restore", exact: true }).click();
  const restore = page.getByRole("dialog", { name: "Restore shopdb" });
  const target = (await restore.getByTestId("default-target").textContent())?.trim() ?? "";
  expect(target).toMatch(new RegExp(`^${dbName}_restored_\\d{8}_\\d{6}$`));
  dropped.push(target);
  await shoot(page, testInfo, "restore-database-dialog");
  await restore.getByRole("button", { name: "Start restore" }).click();
  await waitForRestore(page);
  expect(await tables(`postgres://postgres@127.0.0.1:5432/${target}`)).toEqual(await tables(source));
});
