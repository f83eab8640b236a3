// The policy advisor in the dashboard: an asset with two real backups (run from the asset page)
// shows its measured rates; "Suggest" in the policy form fills the schedule and retention from the
// recommendation and shows the cost-versus-risk chart; the suggested policy saves.
// The chat's recommendPolicy, asked through the fake OpenAI-compatible model the e2e server talks
// to, gives the same schedule as the form. Runs after first-run.spec.ts (name order, one worker)
// and uses its admin.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { fakeModelPort } from "../playwright.config";
import { type FakeOpenAI, startFakeOpenAI } from "../test-support/fake-openai";
import { shoot, signIn } from "./helpers";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
test.skip(!existsSync(chromium), "Chromium is missing: apt-get install chromium");

let folder: string;
let fake: FakeOpenAI;

test.beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "lifeboat-e2e-advised-"));
  await writeFile(path.join(folder, "data.bin"), randomBytes(4 * 1024 * 1024));
  fake = await startFakeOpenAI(fakeModelPort);
});
test.afterAll(async () => {
  await fake?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function runNowAndWait(page: Page) {
  await page.getByRole("button", { name: "Run now" }).click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("progressbar", { name: "Progress of backup of advised" })).toHaveAttribute(
    "aria-valuenow",
    "100",
    { timeout: 90_000 },
  );
  await expect(page.getByRole("log")).toContainText("succeeded");
}

test("Suggest fills the policy form from an asset's measured history", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await signIn(page);

  // The asset and a first policy, so "Run now" is offered on its page.
  await page.goto("/inventory");
  await page.getByRole("button", { name: "Add asset" }).click();
  const addAsset = page.getByRole("dialog", { name: "Add asset" });
  await addAsset.getByLabel("Name").fill("advised");
  await addAsset.getByLabel("Folder path").fill(folder);
  await addAsset.getByRole("button", { name: "Save asset" }).click();
  await expect(page.getByRole("heading", { name: "advised" })).toBeVisible();
  const assetUrl = page.url();
  await expect(page.getByText(/Not measured yet/)).toBeVisible();

  await page.goto("/policies");
  await page.getByRole("button", { name: "Create policy" }).click();
  let form = page.getByRole("dialog", { name: "Create policy" });
  await form.getByLabel("Name").fill("advised-manual");
  await expect(form.getByRole("button", { name: "Suggest" })).toBeDisabled();
  await form.getByRole("checkbox", { name: "advised" }).check();
  await form.getByLabel("Keep last").fill("10");
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(form).toBeHidden();

  // Two real backups, the second after a change, give the asset a history.
  await page.goto(assetUrl);
  await runNowAndWait(page);
  await writeFile(path.join(folder, "more.bin"), randomBytes(2 * 1024 * 1024));
  await page.goto(assetUrl);
  await runNowAndWait(page);
  await page.goto(assetUrl);
  const rates = page.getByRole("definition").filter({ hasText: "/h" }).first();
  await expect(rates).toBeVisible();
  await expect(page.getByText("Change rate", { exact: true })).toBeVisible();
  await expect(page.getByText("Throughput", { exact: true })).toBeVisible();
  await expect(page.getByText(/measured from 2 backups/)).toBeVisible();
  await shoot(page, testInfo, "asset-rates");

  // Suggest in the create form.
  await page.goto("/policies");
  await page.getByRole("button", { name: "Create policy" }).click();
  form = page.getByRole("dialog", { name: "Create policy" });
  await form.getByLabel("Name").fill("advised-suggested");
  await form.getByRole("checkbox", { name: "advised" }).check();
  await form.getByLabel("RPO (hours)").fill("12");
  await form.getByRole("button", { name: "Suggest" }).click();
  const suggestion = form.getByRole("region", { name: "Suggestion" });
  await expect(suggestion).toContainText("Suggested:");
  await expect(suggestion).toContainText("balanced: α=1, β=1");
  await expect(suggestion).toContainText("Binding constraint:");
  await expect(suggestion).toContainText("Storage after 30 days");
  await expect(suggestion).toContainText("Worst-case loss");
  const chart = form.getByRole("figure", { name: "Cost versus risk of the candidate plans" });
  // Two series: the other candidates, and the chosen plan marked alone.
  await expect(chart.locator(".recharts-scatter")).toHaveCount(2);
  await expect(chart.locator(".recharts-scatter").nth(1).locator(".recharts-scatter-symbol")).toHaveCount(1);
  await expect(chart).toContainText("chosen");
  // The form took the recommended schedule (the RPO of 12 h allows at most a 12-hour gap).
  const cron = (await form.getByTestId("suggested-cron").textContent()) ?? "";
  expect(cron).not.toBe("");
  const schedule = form.getByRole("group", { name: "Schedule" });
  await expect(schedule).toContainText(cron);
  expect(cron).not.toBe("0 2 * * *");
  await shoot(page, testInfo, "policy-suggest");
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(form).toBeHidden();
  const saved = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: "advised-suggested" }) });
  await expect(saved).toBeVisible();
  await shoot(page, testInfo, "policies-suggested");

  // The chat's recommendPolicy for the same asset and RPO gives the same schedule.
  fake.replies.push(
    { toolCalls: [{ name: "recommendPolicy", args: { asset: "advised", rpoHours: 12 } }] },
    { text: "That is the advisor's recommendation." },
  );
  await page.getByRole("button", { name: "Assistant" }).click();
  const panel = page.getByRole("dialog", { name: "Assistant" });
  await panel.getByLabel("Message").fill("what policy do you recommend for advised with a 12 hour RPO?");
  await panel.getByRole("button", { name: "Send" }).click();
  const recommendation = panel.getByTestId("recommendation");
  await expect(recommendation).toContainText(cron);
  await expect(panel).toContainText("That is the advisor's recommendation.");
  await page.screenshot({ path: testInfo.outputPath("chat-recommendation-1280.png"), fullPage: true });
  await panel.getByRole("button", { name: "Close" }).click();

  // Infeasible: a one-minute window allows one run a day, which a 12-hour RPO cannot accept; the
  // panel names the failing constraint and by how much.
  await page.getByRole("button", { name: "Create policy" }).click();
  form = page.getByRole("dialog", { name: "Create policy" });
  await form.getByRole("checkbox", { name: "advised" }).check();
  await form.getByLabel("Window start").fill("01:00");
  await form.getByLabel("Window end").fill("01:01");
  await form.getByLabel("RPO (hours)").fill("12");
  await form.getByRole("button", { name: "Suggest" }).click();
  await expect(form.getByRole("region", { name: "Suggestion" })).toContainText("No plan fits");
  await expect(form.getByRole("region", { name: "Suggestion" })).toContainText("over by");
  await page.screenshot({ path: testInfo.outputPath("policy-suggest-infeasible-1280.png"), fullPage: true });
});
