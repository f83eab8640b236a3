// Answers from tool results, in the user's language: lists as short Markdown lists, status and
// diagnoses as their key facts, and what an approved action did (or that a denied one did not).
// The shapes of results come from lib/assistant/tools (issue 21); this reads them tolerantly.
import { needsApproval } from "../tool-contract";
import { describeCall, scheduleText, whenText } from "./describe";
import { say } from "./phrases";
import { recoveryAnswer } from "./recovery";
import type { Lang } from "./types";

export interface ToolOutcome {
  toolName: string;
  input?: unknown;
  output: unknown;
  denied?: boolean;
  error?: boolean;
}

const MAX_ROWS = 10;
const isIso = (v: unknown) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v);

function value(v: unknown, lang: Lang, tz: string): string {
  if (isIso(v)) return whenText(v as string, tz, lang);
  if (typeof v === "boolean") return v ? say(lang, "yes", "是") : say(lang, "no", "否");
  if (Array.isArray(v)) return v.map((x) => value(x, lang, tz)).join(", ");
  if (v && typeof v === "object")
    return Object.entries(v)
      .map(([k, x]) => `${k} ${value(x, lang, tz)}`)
      .join(", ");
  return String(v);
}

// Words for the fields results commonly carry; other keys are spelled out from camelCase.
const LABELS: Record<string, [string, string]> = {
  kind: ["kind", "类型"],
  path: ["path", "路径"],
  database: ["database", "数据库"],
  asset: ["asset", "资产"],
  assets: ["assets", "资产"],
  time: ["time", "时间"],
  size: ["size", "大小"],
  sizeBytes: ["size", "大小"],
  verified: ["verified", "已验证"],
  schedule: ["schedule", "时间表"],
  retention: ["retention", "保留"],
  enabled: ["enabled", "启用"],
  nextRunAt: ["next run", "下次运行"],
  status: ["status", "状态"],
  atRisk: ["at risk", "有风险"],
  assetsAtRisk: ["assets at risk", "有风险的资产"],
  failures: ["failures", "失败"],
  failuresLastDay: ["failures in the last day", "最近一天的失败"],
  rpo: ["RPO", "RPO"],
  storage: ["storage", "存储"],
  newestVerified: ["newest verified", "最新已验证"],
  lastSevenDays: ["last 7 days", "最近 7 天"],
  rpoCompliance: ["RPO compliance", "RPO 达标率"],
  error: ["error", "错误"],
  job: ["job", "任务"],
};

function label(key: string, lang: Lang): string {
  const known = LABELS[key];
  if (known) return say(lang, known[0], known[1]);
  return key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function field(key: string, v: unknown, lang: Lang, tz: string): string {
  if (typeof v === "number" && /bytes$/i.test(key)) {
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let n = v;
    let u = 0;
    while (n >= 1024 && u < units.length - 1) {
      n /= 1024;
      u++;
    }
    return `${n.toFixed(u ? 1 : 0)} ${units[u]}`;
  }
  if (key === "schedule" && typeof v === "string") return scheduleText(v, lang);
  return value(v, lang, tz);
}

/** One line for one row of a list: its name first, then its other short facts. */
function row(item: unknown, lang: Lang, tz: string): string {
  if (!item || typeof item !== "object") return `- ${value(item, lang, tz)}`;
  const o = item as Record<string, unknown>;
  const head = o.name ?? o.path ?? o.id ?? o.title;
  const rest = Object.entries(o)
    .filter(
      ([k, v]) =>
        v !== undefined &&
        v !== null &&
        v !== "" &&
        !["name", "id", "title"].includes(k) &&
        !(k === "path" && head === o.path),
    )
    .slice(0, 5)
    .map(([k, v]) => `${label(k, lang)}: ${field(k, v, lang, tz)}`);
  return `- **${value(head ?? "", lang, tz)}**${rest.length ? ` — ${rest.join("; ")}` : ""}`;
}

const NOUNS: Record<string, [string, string]> = {
  listAssets: ["assets", "个资产"],
  listPolicies: ["policies", "个策略"],
  listRestorePoints: ["restore points", "个恢复点"],
  searchFiles: ["versions found", "个版本"],
  planRecovery: ["steps", "个步骤"],
};

function list(o: ToolOutcome, items: unknown[], lang: Lang, tz: string): string {
  const [en, zh] = NOUNS[o.toolName] ?? ["results", "条结果"];
  if (!items.length) return say(lang, `No ${en} found.`, `没有找到${zh.replace(/^个/, "")}。`);
  const lines = items.slice(0, MAX_ROWS).map((x) => row(x, lang, tz));
  if (items.length > MAX_ROWS)
    lines.push(say(lang, `…and ${items.length - MAX_ROWS} more.`, `……还有 ${items.length - MAX_ROWS} 个。`));
  return `${say(lang, `${items.length} ${en}:`, `共 ${items.length} ${zh}：`)}\n${lines.join("\n")}`;
}

function facts(o: Record<string, unknown>, lang: Lang, tz: string): string {
  // The words a diagnosis or summary leads with, then everything else.
  const lead = ["summary", "message", "cause", "fix"].filter((k) => typeof o[k] === "string");
  const labels: Record<string, [string, string]> = { cause: ["Cause", "原因"], fix: ["Fix", "解决办法"] };
  const out = lead.map((k) =>
    labels[k] ? `**${say(lang, labels[k][0], labels[k][1])}:** ${o[k]}` : String(o[k]),
  );
  for (const [k, v] of Object.entries(o)) {
    if (lead.includes(k) || v === undefined || v === null) continue;
    if (Array.isArray(v))
      out.push(
        `**${label(k, lang)}:** ${
          v.length
            ? `\n${v
                .slice(0, MAX_ROWS)
                .map((x) => row(x, lang, tz))
                .join("\n")}`
            : say(lang, "none", "无")
        }`,
      );
    else out.push(`**${label(k, lang)}:** ${field(k, v, lang, tz)}`);
  }
  return out.join("\n");
}

export function respond(outcomes: ToolOutcome[], lang: Lang, tz: string): string {
  return outcomes.map((o) => one(o, lang, tz)).join("\n\n");
}

function one(o: ToolOutcome, lang: Lang, tz: string): string {
  const call = { toolName: o.toolName, input: (o.input ?? {}) as Record<string, unknown> };
  if (o.denied)
    return say(lang, "OK, I did not do that; nothing was changed.", "好的，没有执行，什么都没有改变。");
  // A look-up that found nothing ("No job has failed.") says so (services speak English; a Chinese
  // answer keeps its frame); an action that failed says it did not work.
  if (o.error && lang === "en" && !needsApproval(o.toolName)) return value(o.output, lang, tz);
  if (o.error)
    return say(
      lang,
      `That did not work: ${value(o.output, lang, tz)}`,
      `执行失败：${value(o.output, lang, tz)}`,
    );
  const out = o.output;
  const plan = o.toolName === "planRecovery" ? recoveryAnswer(out, lang) : null;
  if (plan) return plan;
  const items = Array.isArray(out)
    ? out
    : out && typeof out === "object" && Array.isArray((out as { items?: unknown[] }).items)
      ? (out as { items: unknown[] }).items
      : undefined;
  if (items && !needsApproval(o.toolName)) return list(o, items, lang, tz);
  if (needsApproval(o.toolName) || o.toolName === "runBackup" || o.toolName === "verifyRestorePoint") {
    const did = describeCall(call, lang, tz)
      .replace(/ Approve it on the card to go ahead\.$|请在卡片上批准后执行。$/, "")
      .replace(/^I drafted (?:an? |the )?/, "Done: ")
      .replace(/^我起草了/, "已完成：")
      .replace(/^Starting/, "Started")
      .replace(/^Verifying/, "Started verifying");
    const job =
      out && typeof out === "object"
        ? ((out as Record<string, unknown>).jobId ?? (out as Record<string, unknown>).job)
        : undefined;
    return job
      ? `${did} ${say(lang, `Job ${value(job, lang, tz)}.`, `任务 ${value(job, lang, tz)}。`)}`
      : did;
  }
  if (out && typeof out === "object")
    return (
      facts(out as Record<string, unknown>, lang, tz) || say(lang, "Nothing to report.", "没有可报告的内容。")
    );
  return value(out, lang, tz);
}
