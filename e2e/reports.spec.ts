// The Reports page on the seeded week (test-support/report-week.ts, names prefixed "rep-" and
// schedules parked so the server's scheduler leaves them alone): the nav link, the summary and
// figures the unit test checks by hand, the per-asset table, the charts, and the three downloads
// (the PDF starts with %PDF-). Screenshots at 1280 and 375 px. The rows are removed afterwards.
import { existsSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { inArray } from "drizzle-orm";
import { openSharedDb } from "@/db/owner";
import { assets, jobs, policies, repositories } from "@/db/schema";
import { seedReportWeek } from "@/test-support/report-week";
import { e2eDatabaseUrl } from "../playwright.config";
import { shoot, signIn } from "./helpers";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
test.skip(!existsSync(chromium), "Chromium is missing: apt-get install chromium");
test.describe.configure({ mode: "serial" });

const dataDir = process.env.LIFEBOAT_E2E_DATA_DIR as string;
const shared = () => openSharedDb({ dataDir, databaseUrl: e2eDatabaseUrl || undefined });
let seeded: Awaited<ReturnType<typeof seedReportWeek>> | null = null;

test.beforeAll(async () => {
  const handle = await shared();
  try {
    seeded = await seedReportWeek(handle.db, { prefix: "rep-", parkSchedules: true });
  } finally {
    await handle.close();
  }
});

test.afterAll(async () => {
  if (!seeded) return;
  const handle = await shared();
  try {
    await handle.db.delete(jobs).where(inArray(jobs.assetId, seeded.assetIds));
    await handle.db.delete(policies).where(inArray(policies.id, seeded.policyIds));
    await handle.db.delete(assets).where(inArray(assets.id, seeded.assetIds));
    await handle.db.delete(repositories).where(inArray(repositories.id, [seeded.repositoryId]));
  } finally {
    await handle.close();
  }
});

test("the week's protection report: summary, figures, charts and downloads", async ({ page }, testInfo) => {
  await signIn(page);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Reports", exact: true })
    .click();
  await expect(page.getByRole("heading", { name: "Reports" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Week", exact: true })).toHaveAttribute("aria-current", "page");

  await page.goto("/reports?period=week&at=2026-11-25&tz=UTC");
  await expect(page.getByText("Protection in the week of 23 Nov 2026 (UTC)")).toBeVisible();
  const summary = page.getByTestId("report-summary");
  await expect(summary).toContainText("12 backups succeeded, 1 failed and 2 were missed.");
  await expect(summary).toContainText("1 of 2 restore drills passed; failed: rep-web-1.");
  const table = page.getByRole("table", { name: "Figures per asset" });
  const orders = table.getByRole("row").filter({ hasText: "rep-orders" });
  await expect(orders.getByRole("cell").nth(2)).toHaveText("85.7 %");
  const web = table.getByRole("row").filter({ hasText: "rep-web-1" });
  await expect(web.getByRole("cell").nth(6)).toHaveText("2");
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();

  const downloads = page.getByRole("region", { name: "Downloads" });
  for (const [label, start] of [
    ["Markdown", "# Protection report: week of 23 Nov 2026"],
    ["CSV", "period_start,period_end,asset,"],
    ["PDF", "%PDF-"],
  ] as const) {
    const href = await downloads.getByRole("link", { name: label }).getAttribute("href");
    expect(href).toContain("at=2026-11-25");
    const response = await page.request.get(href as string);
    expect(response.status()).toBe(200);
    expect((await response.body()).subarray(0, start.length).toString()).toBe(start);
  }
  await shoot(page, testInfo, "reports");
});

test("an admin schedules the weekly report in Settings · Webhooks", async ({ page }, testInfo) => {
  await signIn(page);
  await page.goto("/settings/webhooks");
  const form = page.getByRole("form", { name: "Weekly report" });
  await form.getByLabel("Send weekly report").check();
  await form.getByLabel("Time", { exact: true }).fill("07:30");
  await form.getByLabel("Time zone").fill("Europe/Berlin");
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(page.getByText("Weekly report scheduled")).toBeVisible();
  await shoot(page, testInfo, "settings-webhooks-report");
  await page.goto("/reports?period=week&tz=UTC");
  await expect(page.getByText("Sent to the webhooks every Monday at 07:30 (Europe/Berlin).")).toBeVisible();
  // Off again, so later specs' servers send nothing.
  await page.goto("/settings/webhooks");
  await form.getByLabel("Send weekly report").uncheck();
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(page.getByText("Weekly report turned off")).toBeVisible();
});
