// The sentence that goes with a planned call: what the planner is about to look up, or what the
// drafted action will do once approved, in the user's language and time zone.
import cronstrue from "cronstrue/i18n.js";
import { needsApproval } from "../tool-contract";
import { say } from "./phrases";
import type { Lang, PlannedCall } from "./types";

export function whenText(iso: string, tz: string, lang: Lang): string {
  const d = new Date(iso);
  return new Intl.DateTimeFormat(lang === "zh" ? "zh-CN" : "en-GB", {
    timeZone: tz,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(d);
}

export function scheduleText(cron: string, lang: Lang): string {
  try {
    return cronstrue.toString(cron, { locale: lang === "zh" ? "zh_CN" : "en", use24HourTimeFormat: true });
  } catch {
    return cron;
  }
}

function retentionText(r: Record<string, number> | undefined, lang: Lang): string {
  if (!r) return "";
  const en: Record<string, string> = {
    keepLast: "the last %",
    hourly: "% hourly",
    daily: "% daily",
    weekly: "% weekly",
    monthly: "% monthly",
    yearly: "% yearly",
    withinDays: "everything for % days",
  };
  const zh: Record<string, string> = {
    keepLast: "最近%个",
    hourly: "%个每小时",
    daily: "%个每日",
    weekly: "%个每周",
    monthly: "%个每月",
    yearly: "%个每年",
    withinDays: "%天内的全部",
  };
  const parts = Object.entries(r).map(
    ([k, v]) => (lang === "zh" ? zh : en)[k]?.replace("%", String(v)) ?? `${k} ${v}`,
  );
  return parts.join(lang === "zh" ? "、" : ", ");
}

export function describeCall(call: PlannedCall, lang: Lang, tz: string): string {
  const i = call.input as Record<string, never>;
  const approve = needsApproval(call.toolName)
    ? say(lang, " Approve it on the card to go ahead.", "请在卡片上批准后执行。")
    : "";
  switch (call.toolName) {
    case "createPolicy":
      return (
        say(
          lang,
          `I drafted a policy "${i.name}" for ${(i.assets as string[]).join(", ")}: ${scheduleText(i.schedule, "en")}, keeping ${retentionText(i.retention, "en")}${i.repository ? `, in ${i.repository}` : ""}.`,
          `我起草了策略"${i.name}"，备份 ${(i.assets as string[]).join("、")}：${scheduleText(i.schedule, "zh")}，保留${retentionText(i.retention, "zh")}${i.repository ? `，存到 ${i.repository}` : ""}。`,
        ) + approve
      );
    case "updatePolicy": {
      const changes: string[] = [];
      if (i.enabled === false) changes.push(say(lang, "pause it", "暂停"));
      if (i.enabled === true) changes.push(say(lang, "turn it back on", "重新启用"));
      if (i.schedule)
        changes.push(
          say(
            lang,
            `run ${scheduleText(i.schedule, "en").toLowerCase()}`,
            `改为${scheduleText(i.schedule, "zh")}`,
          ),
        );
      if (i.retention)
        changes.push(
          say(lang, `keep ${retentionText(i.retention, "en")}`, `保留${retentionText(i.retention, "zh")}`),
        );
      return (
        say(
          lang,
          `I drafted a change to ${i.policy}: ${changes.join(", ")}.`,
          `我起草了对 ${i.policy} 的修改：${changes.join("，")}。`,
        ) + approve
      );
    }
    case "deletePolicy":
      return (
        say(lang, `I drafted the deletion of policy ${i.policy}.`, `我起草了删除策略 ${i.policy} 的操作。`) +
        approve
      );
    case "addAsset":
      return (
        say(
          lang,
          `I drafted adding ${i.kind === "postgres" ? `the database ${i.database}` : i.path} as asset ${i.name}.`,
          `我起草了添加资产 ${i.name}（${i.kind === "postgres" ? `数据库 ${i.database}` : i.path}）。`,
        ) + approve
      );
    case "removeAsset":
      return (
        say(lang, `I drafted removing the asset ${i.asset}.`, `我起草了移除资产 ${i.asset} 的操作。`) +
        approve
      );
    case "restore": {
      const when = i.at
        ? say(
            lang,
            `the newest restore point at or before ${whenText(i.at, tz, "en")}`,
            `${whenText(i.at, tz, "zh")} 或之前最新的恢复点`,
          )
        : i.restorePoint
          ? say(lang, `restore point ${i.restorePoint}`, `恢复点 ${i.restorePoint}`)
          : say(lang, "the latest restore point", "最新的恢复点");
      const what = i.paths ? (i.paths as string[]).join(", ") : i.asset;
      const where = i.overwrite
        ? say(lang, "over the live data (overwrite)", "覆盖现有数据")
        : i.target
          ? say(lang, `into ${i.target}`, `到 ${i.target}`)
          : say(lang, "into a new location", "到新位置");
      return (
        say(
          lang,
          `I drafted a restore of ${what} from ${when}, ${where}.`,
          `我起草了恢复操作：把 ${what} 恢复到${when}，${where}。`,
        ) + approve
      );
    }
    case "runBackup":
      return say(
        lang,
        `Starting a backup of ${i.policy ?? i.asset} now.`,
        `现在开始备份 ${i.policy ?? i.asset}。`,
      );
    case "verifyRestorePoint":
      return say(
        lang,
        `Verifying the newest restore point of ${i.asset ?? i.restorePoint}.`,
        `正在验证 ${i.asset ?? i.restorePoint} 最新的恢复点。`,
      );
    case "startRecovery":
      return (
        say(lang, `I drafted starting recovery plan ${i.plan}.`, `我起草了执行恢复计划 ${i.plan} 的操作。`) +
        approve
      );
    case "listAssets":
      return say(
        lang,
        `Looking up the ${i.kind === "postgres" ? "databases" : i.kind === "directory" ? "folders" : "assets"}.`,
        `正在查询${i.kind === "postgres" ? "数据库" : i.kind === "directory" ? "目录" : "资产"}。`,
      );
    case "listPolicies":
      return say(
        lang,
        `Looking up the policies${i.asset ? ` of ${i.asset}` : ""}.`,
        `正在查询${i.asset ? ` ${i.asset} 的` : ""}策略。`,
      );
    case "listRestorePoints":
      return say(
        lang,
        `Looking up the restore points${i.asset ? ` of ${i.asset}` : ""}.`,
        `正在查询${i.asset ? ` ${i.asset} 的` : ""}恢复点。`,
      );
    case "searchFiles":
      return say(lang, `Searching the restore points for ${i.query}.`, `正在恢复点中查找 ${i.query}。`);
    case "getStatus":
      return say(lang, "Checking the protection status.", "正在检查备份状态。");
    case "diagnoseJob":
      return say(
        lang,
        `Looking into ${i.job ? `job ${i.job}` : "the newest failed job"}.`,
        `正在分析${i.job ? `任务 ${i.job}` : "最近失败的任务"}。`,
      );
    case "recommendPolicy":
      return say(lang, `Working out a policy for ${i.asset}.`, `正在为 ${i.asset} 计算推荐策略。`);
    case "planRecovery": {
      const assets = i.assets as unknown as string[] | undefined;
      const host = i.host as unknown as string | undefined;
      const before = i.before as unknown as string | undefined;
      const what = assets?.length ? assets.join(", ") : host ? `host ${host}` : "";
      const whatZh = assets?.length ? assets.join("、") : host ? `主机 ${host} ` : "所有资产";
      const when = before ? whenText(before, tz, lang) : "";
      return say(
        lang,
        `Planning the recovery${what ? ` of ${what}` : " of every asset"}${when ? ` as of before ${when}` : ""}.`,
        `正在为${whatZh}制定恢复计划${when ? `（恢复到 ${when} 之前）` : ""}。`,
      );
    }
    default:
      return say(lang, "Looking that up.", "正在查询。");
  }
}
