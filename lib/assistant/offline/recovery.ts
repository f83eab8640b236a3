// Incidents, as people report them under stress: "web-1 is gone", "orders was corrupted at
// 14:05", "恢复昨晚之前的所有数据库", "recover everything as of before 3am". Each becomes
// planRecovery with the assets (or the host) and the incident time; the plan's result is answered
// in words, and a saved plan is drafted as startRecovery for the person to approve.
import { chosenAssets } from "./entities";
import { say } from "./phrases";
import { iso } from "./resolve";
import type { Inventory, Lang, PlannedCall } from "./types";
import type { Understanding } from "./understand";

/**
 * Something happened to data or a machine (not to a backup job: that is a diagnosis): "orders was
 * corrupted", "we lost the media disk", "someone dropped the analytics database", "disk failure".
 */
const INCIDENT =
  /\b(?:is|was|are|were|got|has been|have been|went)\s+(?:gone|down|dead|lost|corrupt(?:ed)?|broken|wiped|destroyed|deleted|dropped|encrypted|hacked|compromised|missing)\b|\b(?:died|corrupted|wiped out|ransomware)\b|\b(?:we|i|they)\s+lost\b|\b(?:someone|somebody|an? (?:intern|admin|script|bug))\s+(?:accidentally\s+)?(?:dropped|deleted|wiped|truncated|overwrote|removed|encrypted)\b|\b(?:disk|drive|raid|ssd|storage|server|host|machine|vm)\s+(?:failure|failed|died|crashed)\b|损坏|丢失|宕机|挂了|坏了|被删|崩溃|没了|被加密|被黑|磁盘故障/;
/** Words that make it about a backup, a job or a policy instead. */
const ABOUT_BACKUPS =
  /\b(?:why|backups?|jobs?|polic(?:y|ies)|drills?|verif\w*|snapshots?)\b|为什么|为何|备份|任务|策略/;
/** "recover everything", "restore all databases", "恢复所有数据库". */
const EVERYTHING =
  /\b(?:recover|restore|bring back)\b.{0,30}\b(?:everything|all (?:the )?(?:assets|databases|dbs|folders|data|of it))\b|(?:恢复|还原)(?!点).{0,12}(?:所有|全部)|(?:所有|全部).{0,12}(?:恢复|还原)(?!点)/;
/** Looking, not acting: "show all restore points", "查看所有恢复点". */
const LOOKING = /\b(?:show|list|find|search|which|how many)\b|查看|列出|显示|看一下|查找|哪些|多少/;
const DATABASES = /\b(?:databases|dbs)\b|数据库/;
const FOLDERS = /\b(?:folders|directories)\b|文件夹|目录/;

/**
 * Whether the request reports an incident to plan a recovery for (intent.ts asks). With a restore
 * word it is one only for several assets ("disk failure at 4am, get www and etc back"): one asset
 * to bring back is a plain restore.
 */
export function isIncident(text: string, restoreCue: boolean, namedAssets = 0): boolean {
  if (EVERYTHING.test(text) && !LOOKING.test(text)) return true;
  if (!INCIDENT.test(text) || ABOUT_BACKUPS.test(text)) return false;
  return !restoreCue || namedAssets > 1;
}

const NOT_A_HOST = new Set([
  "is",
  "has",
  "died",
  "was",
  "crashed",
  "failed",
  "the",
  "it",
  "everything",
  "server",
  "host",
  "machine",
  "a",
  "my",
  "our",
]);

/** The host an incident names: "host web-1", "服务器 web01", or an unknown "web-1 is gone". */
function hostOf(u: Understanding, inv: Inventory): string | undefined {
  const named = u.text.match(
    /\b(?:host|server|machine|vm|node)\s+["']?([a-z0-9][\w.-]*)|(?:主机|服务器|机器)\s*([a-z0-9][\w.-]*)/,
  );
  const byWord = named?.[1] ?? named?.[2];
  if (byWord && !NOT_A_HOST.has(byWord)) return byWord;
  const subject = u.text.match(
    /^\s*(?:the\s+)?([a-z0-9][\w.-]*)\s+(?:(?:is|was|went|has been)\s+(?:gone|down|dead|lost|destroyed|missing)|died|crashed)|^\s*([a-z0-9][\w.-]*)\s*(?:宕机|挂了|坏了|没了|崩溃)/,
  );
  const word = subject?.[1] ?? subject?.[2];
  const known = new Set(inv.assets.flatMap((a) => [a.name, a.database, a.path].filter(Boolean)));
  if (word && !NOT_A_HOST.has(word) && !known.has(word)) return word;
  return undefined;
}

/** planRecovery's arguments: named assets, or all of a kind, or a host; and the incident time. */
export function recoveryCall(u: Understanding, inv: Inventory): PlannedCall {
  const input: Record<string, unknown> = {};
  // Named assets; else "all databases" / "所有数据库" means that kind; else no list: every asset.
  let assets = u.entities.assets.length ? chosenAssets(u.entities, inv) : [];
  if (!assets.length && /\b(?:all|every)\b|所有|全部/.test(u.text)) {
    if (DATABASES.test(u.text)) assets = inv.assets.filter((a) => a.kind === "postgres");
    else if (FOLDERS.test(u.text)) assets = inv.assets.filter((a) => a.kind === "directory");
  }
  if (assets.length) input.assets = assets.map((a) => a.name);
  const host = assets.length ? undefined : hostOf(u, inv);
  if (host) input.host = host;
  const before = u.times.find((t) => t.relation !== "after");
  if (before) input.before = iso(before.dateOnly ? before.dayEnd : before.instant);
  input.reason = u.text.slice(0, 200);
  return { toolName: "planRecovery", input };
}

interface PlanOutput {
  plan?: string | null;
  saved?: boolean;
  text?: string;
  note?: string;
}

/** The plan as the tool wrote it, with what to do next. */
export function recoveryAnswer(output: unknown, lang: Lang): string | null {
  const o = output as PlanOutput | null;
  if (!o || typeof o.text !== "string") return null;
  const next = o.saved
    ? say(
        lang,
        "It is saved on the Recovery page, where each row can still be edited.",
        "计划已保存在“Recovery”页面，开始前仍可逐项修改。",
      )
    : (o.note ?? "");
  return `${o.text}\n\n${next}`.trim();
}

/** A saved plan is one approval away: its startRecovery draft becomes the next call. */
export function draftFromRecoveryPlan(
  results: { toolName: string; output: unknown; denied?: boolean; error?: boolean }[],
): PlannedCall | null {
  for (const r of results) {
    if (r.toolName !== "planRecovery" || r.denied || r.error) continue;
    const o = r.output as PlanOutput | null;
    if (o?.saved && typeof o.plan === "string") return { toolName: "startRecovery", input: { plan: o.plan } };
  }
  return null;
}

export const startOffer = (lang: Lang) =>
  say(lang, "Approve the card to start the recovery.", "批准卡片即可开始恢复。");
