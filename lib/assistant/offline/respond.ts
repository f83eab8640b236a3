// Answers from tool results, in the user's language: lists as short Markdown lists, status and
// diagnoses as their key facts, and what an approved action did (or that a denied one did not).
// The shapes of results come from lib/assistant/tools (issue 21); this reads them tolerantly.
import { needsApproval } from "../tool-contract";
import { describeCall, whenText } from "./describe";
import { say } from "./phrases";
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
    .map(([k, v]) => `${k}: ${value(v, lang, tz)}`);
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
        `**${k}:** ${
          v.length
            ? `\n${v
                .slice(0, MAX_ROWS)
                .map((x) => row(x, lang, tz))
                .join("\n")}`
            : say(lang, "none", "无")
        }`,
      );
    else out.push(`**${k}:** ${value(v, lang, tz)}`);
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
  if (o.error)
    return say(
      lang,
      `That did not work: ${value(o.output, lang, tz)}`,
      `执行失败：${value(o.output, lang, tz)}`,
    );
  const out = o.output;
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
