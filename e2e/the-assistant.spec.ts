// The assistant in Chromium against the production build, with the fake OpenAI-compatible server
// (test-support/fake-openai.ts) as its model on the port playwright.config.ts gives the web server.
// The fake answers by the words of the last request, like a model that always understands: it
// drafts the call, the person approves or denies in the card, and the server decides what runs.
// Runs after first-run.spec.ts (name order on one worker) and uses its admin; its asset is called
// "handbook" because protect.spec.ts, which runs before it, has a "site".
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { fakeModelPort } from "../playwright.config";
import {
  type FakeOpenAI,
  type FakeReply,
  type FakeRequest,
  startFakeOpenAI,
} from "../test-support/fake-openai";
import { admin, signIn } from "./helpers";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
test.skip(!existsSync(chromium), "Chromium is missing: apt-get install chromium");
test.describe.configure({ mode: "serial" });

const viewer = { email: "vic.viewer@example.com", password: "viewer-password-2" };
const site = path.join(os.tmpdir(), `lifeboat-e2e-site-${fakeModelPort}`);
const restored = `${site}-restored-by-assistant`;

let fake: FakeOpenAI;

function lastText(request: FakeRequest): { role: string; text: string } {
  const last = request.body.messages?.at(-1);
  const content = last?.content;
  const text = typeof content === "string" ? content : JSON.stringify(content ?? "");
  return { role: last?.role ?? "", text };
}

/** What "the model" answers to each request of the story. */
function script(request: FakeRequest): FakeReply {
  const { role, text } = lastText(request);
  if (role === "tool")
    return { text: text.includes("Denied") ? "Understood, nothing was changed." : "Done." };
  if (/add the folder/i.test(text))
    return { toolCalls: [{ name: "addAsset", args: { kind: "directory", name: "handbook", path: site } }] };
  if (/every night at 2/i.test(text))
    return {
      text: "Here is the policy.",
      toolCalls: [
        {
          name: "createPolicy",
          args: {
            name: "handbook nightly",
            assets: ["handbook"],
            schedule: "0 2 * * *",
            retention: { daily: 7 },
          },
        },
      ],
    };
  if (/list the policies/i.test(text)) return { toolCalls: [{ name: "listPolicies", args: {} }] };
  if (/delete the policy/i.test(text))
    return { toolCalls: [{ name: "deletePolicy", args: { policy: "handbook nightly" } }] };
  if (/back up the site now/i.test(text))
    return { toolCalls: [{ name: "runBackup", args: { asset: "handbook" } }] };
  if (/list the restore points/i.test(text))
    return { toolCalls: [{ name: "listRestorePoints", args: { asset: "handbook" } }] };
  if (/restore index\.html/i.test(text))
    return {
      toolCalls: [
        {
          name: "restore",
          args: { asset: "handbook", paths: [path.join(site, "index.html")], target: restored },
        },
      ],
    };
  if (/restore/i.test(text)) return { toolCalls: [{ name: "restore", args: { asset: "handbook" } }] };
  return { text: "I can help with backups." };
}

test.beforeAll(async () => {
  await rm(restored, { recursive: true, force: true });
  await mkdir(site, { recursive: true });
  await writeFile(path.join(site, "index.html"), "<h1>hello</h1>\n");
  fake = await startFakeOpenAI(fakeModelPort);
  fake.fallback = script;
});
test.afterAll(async () => {
  await fake?.close();
  await rm(site, { recursive: true, force: true });
  await rm(restored, { recursive: true, force: true });
});

async function ask(page: Page, text: string) {
  const panel = page.getByRole("dialog", { name: "Assistant" });
  await panel.getByLabel("Message").fill(text);
  await panel.getByRole("button", { name: "Send" }).click();
  return panel;
}

test("ask for a policy, approve it, see it; deny a deletion and nothing changes", async ({ page }) => {
  await signIn(page, admin);
  await page.getByRole("button", { name: "Assistant" }).click();
  const panel = page.getByRole("dialog", { name: "Assistant" });
  await expect(panel.getByTestId("model-badge")).toHaveText(/fake-model/);

  // An asset first, through the assistant (an action: approved in its card).
  await ask(page, "add the folder for the site");
  const addCard = panel.getByRole("region", { name: "Add asset" });
  await addCard.getByRole("button", { name: "Approve" }).click();
  await expect(addCard).toContainText("Asset handbook added.");

  await ask(page, "back up the site every night at 2 and keep a week of dailies");
  const draft = panel.getByRole("region", { name: "New policy" }).last();
  await expect(draft).toContainText("At 02:00");
  await expect(draft).toContainText("Keep 7 daily");
  await expect(draft).toContainText("Waiting for your approval");
  await draft.getByRole("button", { name: "Approve" }).click();
  await expect(draft).toContainText("Policy handbook nightly created.");

  await ask(page, "list the policies");
  await expect(panel.getByRole("region", { name: "Policies" }).last()).toContainText("handbook nightly");
  const policiesPage = await page.request.get("/policies");
  if (policiesPage.ok()) {
    await page.goto("/policies");
    await expect(page.getByText("handbook nightly").first()).toBeVisible();
    await page.getByRole("button", { name: "Assistant" }).click();
  }

  await ask(page, "delete the policy");
  const deletion = panel.getByRole("region", { name: "Delete policy" }).last();
  await deletion.getByRole("button", { name: "Deny" }).click();
  await expect(deletion).toContainText("Denied");
  await expect(panel).toContainText("Understood, nothing was changed.");
  await ask(page, "list the policies");
  await expect(panel.getByRole("region", { name: "Policies" }).last()).toContainText("handbook nightly");

  // The chat was saved: it is listed and resumes.
  await page.reload();
  await page.getByRole("button", { name: "Assistant" }).click();
  await panel.getByText(/Chats \(\d+\)/).click();
  await panel.getByRole("button", { name: "add the folder for the site", exact: true }).click();
  await expect(panel.getByRole("region", { name: "New policy" }).first()).toContainText("Done");
  // …and is deleted.
  await panel.getByRole("button", { name: "Delete chat add the folder for the site" }).click();
  await expect(panel.getByRole("button", { name: "add the folder for the site", exact: true })).toHaveCount(
    0,
  );
});

test("back up now, restore a file into a new folder, approve: the file comes back identical", async ({
  page,
}) => {
  await signIn(page, admin);
  await page.getByRole("button", { name: "Assistant" }).click();
  const panel = await ask(page, "back up the site now");
  await expect(panel.getByRole("region", { name: "Backup started" }).last()).toContainText("Done");
  // The embedded worker runs the backup; the restore point shows up in the assistant's list.
  await expect
    .poll(
      async () => {
        await ask(page, "list the restore points");
        const card = panel.getByRole("region", { name: "Restore points" }).last();
        await expect(card).toContainText(/Nothing found|handbook/);
        return card.textContent();
      },
      { timeout: 60_000, intervals: [2000] },
    )
    .toContain("handbook");

  await ask(page, "restore index.html of the site into a new folder");
  const card = panel.getByRole("region", { name: "Restore" }).last();
  await expect(card.getByLabel("Restore target")).toHaveValue(restored);
  await expect(card).toContainText(path.join(site, "index.html"));
  await expect(card.getByTestId("restore-point")).toContainText("not verified yet");
  await expect(card).toContainText("Estimate");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card).toContainText(`Restore started into ${restored}.`);
  await expect
    .poll(() => readFile(path.join(restored, "index.html"), "utf8").catch(() => null), { timeout: 60_000 })
    .toBe(await readFile(path.join(site, "index.html"), "utf8"));
});

test("a viewer's assistant cannot start a restore", async ({ page }) => {
  await signIn(page, admin);
  await page.goto("/settings/users");
  await page.getByLabel("Email").fill(viewer.email);
  await page.getByLabel("Initial password").fill(viewer.password);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByLabel(`Role of ${viewer.email}`)).toHaveValue("viewer");
  await page.getByRole("button", { name: "Sign out" }).click();

  await signIn(page, viewer);
  await page.getByRole("button", { name: "Assistant" }).click();
  const panel = await ask(page, "restore the site");
  const card = panel.getByRole("region", { name: "Restore" }).last();
  await expect(card).toContainText("a new location");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(panel.getByRole("alert")).toContainText("restore needs the operator role");
  expect(fake.requests.some((r) => JSON.stringify(r.body.messages).includes("Restore started"))).toBe(false);
});
