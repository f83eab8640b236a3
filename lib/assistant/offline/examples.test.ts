// Learning from corrections, the planner's half: one stored correction makes an organisation's own
// phrase plan the corrected call, near phrasings too; without the example the grammar answers again.
import { describe, expect, it } from "vitest";
import { learnedAliases } from "./aliases";
import { type Example, matchExample, words } from "./examples";
import { plan } from "./planner";
import type { Inventory } from "./types";

const inventory: Inventory = {
  assets: [
    { name: "www", kind: "directory", path: "/srv/www" },
    { name: "orders", kind: "postgres", database: "orders" },
    { name: "analytics", kind: "postgres", database: "analytics" },
  ],
  policies: [],
  repositories: [],
};
const now = new Date("2026-11-20T10:00:00Z");
const ask = (text: string, examples: Example[] = []) =>
  plan({ messages: [{ role: "user", text }], inventory, now, tz: "UTC", examples });

describe("examples", () => {
  const correction: Example = {
    id: "ex1",
    request: "back up the shop db now",
    toolName: "runBackup",
    input: { asset: "orders" },
  };

  it("after one correction the phrase plans the corrected call; deleting the example undoes it", () => {
    const before = ask("back up the shop db now");
    expect(before.toolCalls).toEqual([]); // "the shop db" is no asset the grammar knows: it asks
    expect(before.text).toMatch(/\?$/);

    const examples = [correction];
    expect(ask("back up the shop db now", examples).toolCalls).toEqual([
      { toolName: "runBackup", input: { asset: "orders" } },
    ]);
    expect(ask("Back up the shop DB right now please", examples).toolCalls[0]?.input).toEqual({
      asset: "orders",
    });

    examples.splice(0, 1); // the admin deletes it
    expect(ask("back up the shop db now", examples)).toEqual(before);
  });

  it("teaches the organisation's word for the asset to other requests that use it; deleting it undoes that", () => {
    const text = "restore the shop db to yesterday at 3pm";
    const before = ask(text);
    expect(before.toolCalls).toEqual([]);
    expect(before.text).toMatch(/\?$/);
    const examples = [correction];
    expect(ask(text, examples).toolCalls).toEqual([
      { toolName: "restore", input: { asset: "orders", at: "2026-11-19T15:00:00Z", overwrite: false } },
    ]);
    expect(ask("list the restore points of the shop db", examples).toolCalls[0]).toMatchObject({
      toolName: "listRestorePoints",
      input: { asset: "orders" },
    });
    // Other assets are still read as named, and "shop" is no name for them.
    expect(ask("restore www to yesterday at 3pm", examples).toolCalls[0]?.input).toMatchObject({
      asset: "www",
    });
    examples.splice(0, 1);
    expect(ask(text, examples)).toEqual(before);
  });

  it("learns no word from a correction of something else than the asset, nor from a long request", () => {
    const retention: Example = {
      request: "back up www every night at 2, keep the usual",
      toolName: "createPolicy",
      input: { assets: ["www"], schedule: "0 2 * * *", retention: { daily: 14 } },
    };
    const rambling: Example = {
      request: "please make sure the thing for customers and invoices and the shop gets saved now",
      toolName: "runBackup",
      input: { asset: "orders" },
    };
    expect(learnedAliases([retention, rambling], inventory)).toEqual([]);
    expect(learnedAliases([correction], inventory)).toEqual([{ word: "shop", asset: "orders" }]);
    const zh: Example = { request: "备份商店库", toolName: "runBackup", input: { asset: "orders" } };
    expect(learnedAliases([zh], inventory)).toEqual([{ word: "商店", asset: "orders" }]);
    expect(ask("把商店库恢复到昨天下午3点", [zh]).toolCalls[0]?.input).toMatchObject({
      asset: "orders",
      at: "2026-11-19T15:00:00Z",
    });
  });

  it("does not fire on a request that only shares some words", () => {
    expect(matchExample("back up www now", [correction])).toBeUndefined();
    expect(
      ask("restore the shop db to yesterday", [correction]).toolCalls.some((c) => c.toolName === "runBackup"),
    ).toBe(false);
  });

  it("is ignored once what it names is gone from the inventory", () => {
    const stale: Example = {
      request: "back up the old shop",
      toolName: "runBackup",
      input: { asset: "shop-legacy" },
    };
    expect(ask("back up the old shop", [stale]).toolCalls).toEqual([]);
  });

  it("normalises words: case, full-width forms, filler, Chinese by character", () => {
    expect(words("Please back up ＴＨＥ Shop DB")).toEqual(["back", "up", "shop", "db"]);
    expect(words("把商店库备份一下")).toEqual(["商", "店", "库", "备", "份"]);
    const zh: Example = { request: "备份商店库", toolName: "runBackup", input: { asset: "orders" } };
    expect(ask("帮我备份一下商店库", [zh]).toolCalls).toEqual([
      { toolName: "runBackup", input: { asset: "orders" } },
    ]);
  });
});
