// The planner's conversation behaviour and its grammar's parts, through plan() and the readers:
// clarifying questions in the user's language completed by the next turn, corrections, answers
// from tool results, and the schedule, retention and time readers on their own.
import { describe, expect, it } from "vitest";
import { plan } from "./planner";
import { readRetention } from "./retention";
import { readSchedule } from "./schedule";
import { normalise } from "./text";
import { parseTimes } from "./times";
import type { Inventory, Turn } from "./types";

const inventory: Inventory = {
  assets: [
    { name: "www", kind: "directory", path: "/srv/www" },
    { name: "wiki", kind: "directory", path: "/srv/wiki" },
    { name: "orders", kind: "postgres", database: "orders" },
    { name: "analytics", kind: "postgres", database: "analytics" },
  ],
  policies: [
    { name: "nightly-www", assets: ["www"], schedule: "0 2 * * *", retention: { daily: 7 }, enabled: true },
    {
      name: "orders-hourly",
      assets: ["orders"],
      schedule: "0 * * * *",
      retention: { hourly: 24 },
      enabled: true,
    },
  ],
  repositories: [{ name: "local", default: true }, { name: "offsite" }],
};
const now = new Date("2026-11-20T10:00:00Z");
const run = (messages: Turn[], tz = "UTC") => plan({ messages, inventory, now, tz });
const user = (text: string): Turn => ({ role: "user", text });

/** Plays a conversation: each user turn is planned after the planner's own earlier answers. */
function converse(texts: string[], tz = "UTC") {
  const messages: Turn[] = [];
  let last = run([user(texts[0])], tz);
  messages.push(user(texts[0]), { role: "assistant", text: last.text, toolCalls: last.toolCalls });
  for (const t of texts.slice(1)) {
    messages.push(user(t));
    last = run(messages, tz);
    messages.push({ role: "assistant", text: last.text, toolCalls: last.toolCalls });
  }
  return { last, messages };
}

describe("clarifying questions and completion in the next turn", () => {
  it.each([
    [["restore orders", "yesterday at 3pm"], "restore", { asset: "orders", at: "2026-11-19T15:00:00Z" }],
    [
      ["Restore the database to yesterday 15:00", "analytics"],
      "restore",
      { asset: "analytics", at: "2026-11-19T15:00:00Z" },
    ],
    [["restore the database", "orders", "the latest one"], "restore", { asset: "orders" }],
    [
      ["back up wiki every night, keep 7 daily", "at 1:30"],
      "createPolicy",
      { assets: ["wiki"], schedule: "30 1 * * *" },
    ],
    [["delete the policy", "orders-hourly"], "deletePolicy", { policy: "orders-hourly" }],
    [["把数据库恢复到昨天下午3点", "orders"], "restore", { asset: "orders", at: "2026-11-19T15:00:00Z" }],
    [["恢复 analytics", "前天晚上8点"], "restore", { asset: "analytics", at: "2026-11-18T20:00:00Z" }],
    [
      ["每天备份 wiki，保留30天", "晚上9点"],
      "createPolicy",
      { assets: ["wiki"], schedule: "0 21 * * *", retention: { withinDays: 30 } },
    ],
    [["run a backup", "wiki"], "runBackup", { asset: "wiki" }],
  ] as const)("%j → %s", (texts, tool, args) => {
    const { messages, last } = converse([...texts]);
    const first = messages[1] as { text: string; toolCalls: unknown[] };
    expect(first.toolCalls).toEqual([]);
    expect(first.text.trim()).toMatch(/[?？]$/);
    expect(last.toolCalls[0]?.toolName).toBe(tool);
    expect(last.toolCalls[0]?.input).toMatchObject(args);
  });

  it("asks in the user's language, naming the candidates", () => {
    const en = run([user("restore the database to yesterday 3pm")]);
    expect(en.text).toBe("Which database do you mean: orders or analytics?");
    const zh = run([user("把数据库恢复到昨天下午3点")]);
    expect(zh.text).toBe("您指的是哪个数据库：orders 还是 analytics？");
    expect(run([user("每天备份 www")]).text).toBe("每天几点运行？");
    expect(run([user("恢复 orders")]).text).toMatch(/^要把 orders 恢复到哪个时间点.*？$/);
  });

  it("reads traditional characters too", () => {
    expect(run([user("把 orders 資料庫還原到昨天下午3點")]).toolCalls[0]?.input).toMatchObject({
      asset: "orders",
      at: "2026-11-19T15:00:00Z",
    });
    expect(run([user("每天凌晨2點備份 www，保留7個每日備份")]).toolCalls[0]?.input).toMatchObject({
      schedule: "0 2 * * *",
      retention: { daily: 7 },
    });
  });

  it("keeps answering in Chinese when the answer is only a name", () => {
    const { last } = converse(["把数据库恢复到昨天下午3点", "orders"]);
    expect(last.text).toContain("我起草了恢复操作");
  });

  it("takes a new request after a question as a new request", () => {
    const { last } = converse(["restore orders", "actually, show me the restore points of orders"]);
    expect(last.toolCalls).toEqual([{ toolName: "listRestorePoints", input: { asset: "orders" } }]);
  });
});

describe("corrections of a drafted action", () => {
  it("names a policy for a path without a leading dash", () => {
    const r = run([user("back up /tmp/data every night at 2 and keep 7 daily")]);
    expect(r.toolCalls[0]?.toolName).toBe("createPolicy");
    expect(r.toolCalls[0]?.input).toMatchObject({ name: "tmp-data-daily", assets: ["/tmp/data"] });
  });

  it("replaces the asset: 'not www, wiki'", () => {
    const { last } = converse(["back up www every night at 2am, keep 7 daily", "not www, wiki"]);
    expect(last.toolCalls[0]).toMatchObject({
      toolName: "createPolicy",
      input: { assets: ["wiki"], schedule: "0 2 * * *", retention: { daily: 7 } },
    });
  });
  it("replaces the time: 'make it 4pm instead'", () => {
    const { last } = converse(["restore www to yesterday 3pm", "make it 4pm instead"]);
    expect(last.toolCalls[0]?.input).toMatchObject({ asset: "www", at: "2026-11-19T16:00:00Z" });
  });
  it("不对，是 wiki", () => {
    const { last } = converse(["把 www 恢复到昨天下午3点", "不对，不是 www，是 wiki"]);
    expect(last.toolCalls[0]?.input).toMatchObject({ asset: "wiki", at: "2026-11-19T15:00:00Z" });
  });
  it("a negation inside one request", () => {
    const r = run([user("back up everything except orders and analytics every day at 4am, keep 10 daily")]);
    expect(r.toolCalls[0]?.input).toMatchObject({ assets: ["www", "wiki"], schedule: "0 4 * * *" });
  });
});

describe("answers from tool results", () => {
  const answer = (
    call: { toolName: string; input: object },
    output: unknown,
    first: string,
    extra: Partial<Turn> = {},
  ) =>
    run([
      user(first),
      {
        role: "assistant",
        text: "",
        toolCalls: [{ toolName: call.toolName, input: call.input as Record<string, unknown> }],
      },
      { role: "tool", toolName: call.toolName, input: call.input, output, ...extra } as Turn,
    ]);

  it("lists rows in the user's language", () => {
    const rows = [
      { name: "www", kind: "directory", path: "/srv/www" },
      { name: "orders", kind: "postgres" },
    ];
    expect(answer({ toolName: "listAssets", input: {} }, rows, "list assets").text).toMatch(
      /^2 assets:\n- \*\*www\*\*/,
    );
    expect(answer({ toolName: "listAssets", input: {} }, rows, "列出资产").text).toMatch(/^共 2 个资产：/);
    expect(answer({ toolName: "listRestorePoints", input: {} }, [], "有哪些恢复点").text).toBe(
      "没有找到恢复点。",
    );
  });
  it("gives a diagnosis's cause and fix first", () => {
    const out = {
      cause: "permission denied on /srv/www/private",
      fix: "make the folder readable",
      job: "j1",
    };
    const text = answer({ toolName: "diagnoseJob", input: {} }, out, "why did it fail?").text;
    expect(text.split("\n").slice(0, 2)).toEqual([
      "**Cause:** permission denied on /srv/www/private",
      "**Fix:** make the folder readable",
    ]);
  });
  it("says what an approved action did, and that a denied one did nothing", () => {
    const call = {
      toolName: "restore",
      input: { asset: "orders", at: "2026-11-19T15:00:00Z", overwrite: false },
    };
    expect(answer(call, { jobId: "7" }, "restore orders to yesterday 3pm").text).toMatch(
      /^Done: restore of orders .* Job 7\.$/,
    );
    expect(answer(call, { jobId: "7" }, "把 orders 恢复到昨天下午3点").text).toMatch(/^已完成：恢复操作/);
    expect(
      answer(call, "no", "restore orders to yesterday 3pm", { denied: true } as Partial<Turn>).text,
    ).toMatch(/did not do that/);
  });
  it("labels fields in the user's language, with sizes and schedules in words", () => {
    const rows = [{ name: "nightly-www", schedule: "0 2 * * *", sizeBytes: 3 * 1024 ** 3 }];
    const text = answer({ toolName: "listPolicies", input: {} }, rows, "列出策略").text;
    expect(text).toContain("时间表: 在02:00");
    expect(text).toContain("大小: 3.0 GiB");
  });

  it("times in results are shown in the user's zone", () => {
    const text = plan({
      messages: [
        user("list restore points"),
        {
          role: "tool",
          toolName: "listRestorePoints",
          output: [{ id: "abc", time: "2026-11-19T16:00:00Z" }],
        },
      ],
      inventory,
      now,
      tz: "Asia/Shanghai",
    }).text;
    expect(text).toContain("20 Nov 2026, 00:00");
  });
});

describe("hostile input", () => {
  it.each([
    ["a long word", "a".repeat(5000)],
    [
      "many date-like words",
      Array.from(
        { length: 400 },
        (_, i) => ["restore", "www", "yesterday", "3pm", "nov", "18", "昨天", "下午3点"][i % 8],
      ).join(" "),
    ],
    ["nothing", ""],
  ])("%s plans in well under a second", (_name, text) => {
    const t0 = performance.now();
    const r = run([user(text)]);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(typeof r.text).toBe("string");
  });
});

describe("the readers", () => {
  const sched = (t: string) => readSchedule(normalise(t))?.cron;
  it.each([
    ["every weekday at 7pm", "0 19 * * 1-5"],
    ["每6小时", "0 */6 * * *"],
    ["twice a day", "0 */12 * * *"],
    ["three times a day", "0 */8 * * *"],
    ["every Monday and Thursday at 04:15", "15 4 * * 1,4"],
    ["on Sundays at noon", "0 12 * * 0"],
    ["every night at 11", "0 23 * * *"],
    ["every night at 2", "0 2 * * *"],
    ["每周日凌晨3点", "0 3 * * 0"],
    ["每天晚上11点半", "30 23 * * *"],
    ["每月1号凌晨4点", "0 4 1 * *"],
    ["on the 15th of every month at 1am", "0 1 15 * *"],
    ["every 20 minutes on weekdays", "*/20 * * * 1-5"],
    ["每隔半小时", "*/30 * * * *"],
    ["每年1月1日凌晨3点", "0 3 1 1 *"],
    ["every year on Jan 1 at 4am", "0 4 1 1 *"],
    ["every other day at 1am", "0 1 */2 * *"],
    ["daily at 3 in the afternoon", "0 15 * * *"],
  ])("%s → %s", (text, cron) => expect(sched(text)).toBe(cron));

  it("a calendar without a time is missing one; a day named once is no calendar", () => {
    expect(readSchedule(normalise("every night"))).toEqual({ missing: "time" });
    expect(readSchedule(normalise("每天"))).toEqual({ missing: "time" });
    expect(readSchedule(normalise("since monday"))).toBeUndefined();
  });

  it.each([
    ["keep 7 daily and 4 weekly", { daily: 7, weekly: 4 }],
    ["for 30 days", { withinDays: 30 }],
    ["keep backups for 2 weeks", { withinDays: 14 }],
    ["keep the last 20", { keepLast: 20 }],
    ["keep a week of dailies", { daily: 7 }],
    ["保留7个每日备份和4个每周备份", { daily: 7, weekly: 4 }],
    ["保留3天", { withinDays: 3 }],
    ["保留最近20个", { keepLast: 20 }],
    ["保留一个月", { withinDays: 30 }],
    ["24 hourly, 7 daily, 12 monthly and 2 yearly", { hourly: 24, daily: 7, monthly: 12, yearly: 2 }],
  ])("%s → %j", (text, retention) => expect(readRetention(normalise(text))).toEqual(retention));

  const at = (text: string, tz: string, lang: "en" | "zh" = "en", ref = now) =>
    parseTimes(normalise(text), lang, ref, tz).map((t) => [
      (t.dateOnly ? t.dayStart : t.instant).toISOString(),
      t.relation,
    ]);
  it.each([
    ["before 14:00 yesterday", "UTC", "en", "2026-11-19T14:00:00.000Z", "before"],
    ["last Friday night", "Asia/Shanghai", "en", "2026-11-13T14:00:00.000Z", "at"],
    ["上周五晚上", "Asia/Shanghai", "zh", "2026-11-13T14:00:00.000Z", "at"],
    ["昨天下午3点之前", "Asia/Shanghai", "zh", "2026-11-19T07:00:00.000Z", "before"],
    ["昨天下午3点之前", "Australia/Sydney", "zh", "2026-11-19T04:00:00.000Z", "before"],
    ["yesterday at 3pm", "America/New_York", "en", "2026-11-19T20:00:00.000Z", "at"],
    ["after November 10", "Europe/Berlin", "en", "2026-11-09T23:00:00.000Z", "after"],
    ["yesterday afternoon", "UTC", "en", "2026-11-19T15:00:00.000Z", "at"],
    ["18/11/2026 22:00", "UTC", "en", "2026-11-18T22:00:00.000Z", "at"],
    ["半小时前", "UTC", "zh", "2026-11-20T09:30:00.000Z", "at"],
    ["昨天中午", "Asia/Shanghai", "zh", "2026-11-19T04:00:00.000Z", "at"],
  ] as const)("%s in %s", (text, tz, lang, iso, relation) =>
    expect(at(text, tz, lang)[0]).toEqual([iso, relation]),
  );

  it("reads a wall time in the zone of its own date across a DST change", () => {
    // 2026-11-03 (EST, UTC-5) asking for last Friday 17:00, which was still EDT (UTC-4).
    expect(at("last friday at 5pm", "America/New_York", "en", new Date("2026-11-03T15:00:00Z"))[0][0]).toBe(
      "2026-10-30T21:00:00.000Z",
    );
  });
});
