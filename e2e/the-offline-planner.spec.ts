// The offline planner in Chromium (issue 22): an administrator keeps the assistant offline in
// Settings → Assistant (the e2e server has a hosted model configured: the fake OpenAI-compatible
// one, which is not started here, so any answer must come from the planner). Then the story: a
// request that fits two folders gets a question back, the answer completes the draft, and the
// approved policy exists. The setting is switched back off in the end, so specs after this one
// talk to the fake model again. Runs after first-run.spec.ts (its admin).
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { fakeModelPort } from "../playwright.config";
import { admin, shoot, signIn } from "./helpers";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
test.skip(!existsSync(chromium), "Chromium is missing: apt-get install chromium");

// Two folders that "the intranet" both fits (specs before this one add assets of their own: "site",
// "shop", "handbook"; names other specs do not use): the planner cannot pick one.
const root = path.join(os.tmpdir(), `lifeboat-e2e-offline-${fakeModelPort}`);
const folders = { "intranet-www": path.join(root, "www"), "intranet-wiki": path.join(root, "wiki") };
// The machine that runs the specs is shared and often loaded: an approved action's result may
// take longer than the default 5 s to stream back.
const SLOW = 30_000;

test.beforeAll(async () => {
  for (const dir of Object.values(folders)) {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "index.html"), "<h1>hello</h1>\n");
  }
});
test.afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function setOfflineOnly(page: Page, on: boolean) {
  await page.goto("/settings/assistant");
  const box = page.getByLabel("Use the offline planner");
  if ((await box.isChecked()) === on) return;
  await box.setChecked(on);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("assistant-provider")).toHaveText(
    on ? "offline planner" : "OpenAI-compatible server",
  );
}

async function ask(page: Page, text: string) {
  const panel = page.getByRole("dialog", { name: "Assistant" });
  await panel.getByLabel("Message").fill(text);
  await panel.getByRole("button", { name: "Send" }).click();
  return panel;
}

test("offline planner: an ambiguous request gets a question back, the answer completes the draft, and the approved policy exists", async ({
  page,
}, testInfo) => {
  await signIn(page, admin);
  try {
    await setOfflineOnly(page, true);
    await expect(page.getByText("built in, runs offline (chosen by an administrator)")).toBeVisible();
    await shoot(page, testInfo, "settings-assistant-offline");

    await page.getByRole("button", { name: "Assistant" }).click();
    const panel = page.getByRole("dialog", { name: "Assistant" });
    await expect(panel.getByTestId("model-badge")).toHaveText("offline planner");

    // The two folders, added through the planner's drafts.
    for (const [name, dir] of Object.entries(folders)) {
      await ask(page, `Add ${dir} as a directory asset called ${name}`);
      const card = panel.getByRole("region", { name: "Add asset" }).last();
      await card.getByRole("button", { name: "Approve" }).click();
      await expect(card).toContainText(`Asset ${name} added.`, { timeout: SLOW });
    }

    // Ambiguous: both folders are "the intranet". A question, no draft.
    const policyCards = panel.getByRole("region", { name: "New policy" });
    await ask(page, "Back up the intranet every night at 2am and keep 7 daily");
    await expect(
      panel.getByText(
        /^Which asset do you mean: (intranet-www or intranet-wiki|intranet-wiki or intranet-www)\?$/,
      ),
    ).toBeVisible({
      timeout: SLOW,
    });
    await expect(policyCards).toHaveCount(0);
    await expect(panel.getByTestId("model-badge")).toHaveText("offline planner");
    await shoot(page, testInfo, "offline-question");

    // The answer completes the request of the turn before: intranet-wiki, at 02:00, 7 daily.
    await ask(page, "the wiki");
    const draft = policyCards.last();
    await expect(draft).toContainText("intranet-wiki", { timeout: SLOW });
    await expect(draft).toContainText("At 02:00");
    await expect(draft).toContainText("Keep 7 daily");
    await expect(draft).toContainText("Waiting for your approval");
    await shoot(page, testInfo, "offline-draft");
    await draft.getByRole("button", { name: "Approve" }).click();
    await expect(draft).toContainText(/Policy .+ created\./, { timeout: SLOW });
    const policyName = /Policy (.+) created\./.exec((await draft.textContent()) ?? "")?.[1] as string;

    // For real: the policy is listed with intranet-wiki as its asset (and not intranet-www).
    await page.goto("/policies");
    const item = page
      .getByRole("list", { name: "Policies" })
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: policyName, exact: true }) });
    await expect(item.getByRole("link", { name: "intranet-wiki", exact: true })).toBeVisible();
    await expect(item.getByRole("link", { name: "intranet-www", exact: true })).toHaveCount(0);
    await expect(item).toContainText("02:00");
    await shoot(page, testInfo, "offline-policy-listed");
  } finally {
    await setOfflineOnly(page, false);
  }
  await page.getByRole("button", { name: "Assistant" }).click();
  await expect(page.getByRole("dialog", { name: "Assistant" }).getByTestId("model-badge")).toHaveText(
    /fake-model/,
  );
});
