// What the planner says, English and Chinese side by side. Questions end with "?" or "？" so any
// client (and the evaluation) can tell a question from a statement.
import type { Lang } from "./types";

export const say = (lang: Lang, en: string, zh: string) => (lang === "zh" ? zh : en);

/** "a, b or c" / "a、b 还是 c" */
export function oneOf(lang: Lang, names: string[]): string {
  if (names.length <= 1) return names.join("");
  const head = names.slice(0, -1);
  const last = names[names.length - 1];
  return lang === "zh" ? `${head.join("、")} 还是 ${last}` : `${head.join(", ")} or ${last}`;
}

/** "a, b and c" / "a、b 和 c" */
export function allOf(lang: Lang, names: string[]): string {
  if (names.length <= 1) return names.join("");
  const head = names.slice(0, -1);
  const last = names[names.length - 1];
  return lang === "zh" ? `${head.join("、")} 和 ${last}` : `${head.join(", ")} and ${last}`;
}

export const Q = {
  whichAsset: (lang: Lang, names: string[], noun: "database" | "directory" | "asset" = "asset") =>
    names.length
      ? say(
          lang,
          `Which ${noun === "directory" ? "folder" : noun} do you mean: ${oneOf(lang, names)}?`,
          `您指的是哪个${noun === "database" ? "数据库" : noun === "directory" ? "目录" : "资产"}：${oneOf(lang, names)}？`,
        )
      : say(
          lang,
          "Which asset do you mean? I don't see any assets yet.",
          "您指的是哪个资产？目前还没有任何资产。",
        ),
  whichPolicy: (lang: Lang, names: string[]) =>
    names.length
      ? say(lang, `Which policy: ${oneOf(lang, names)}?`, `哪个策略：${oneOf(lang, names)}？`)
      : say(lang, "Which policy do you mean? There are no policies yet.", "哪个策略？目前还没有策略。"),
  restoreWhen: (lang: Lang, asset: string) =>
    say(
      lang,
      `To which point in time should I restore ${asset} — the latest restore point, or a time such as "yesterday 15:00"?`,
      `要把 ${asset} 恢复到哪个时间点（例如"最新"或"昨天下午3点"）？`,
    ),
  scheduleTime: (lang: Lang) => say(lang, "At what time of day should it run?", "每天几点运行？"),
  schedule: (lang: Lang, assets: string) =>
    say(
      lang,
      `How often should ${assets} be backed up, and at what time?`,
      `${assets} 多久备份一次，几点备份？`,
    ),
  searchWhat: (lang: Lang) => say(lang, "Which file should I look for?", "要查找哪个文件？"),
  addWhat: (lang: Lang) =>
    say(
      lang,
      "Which folder path or PostgreSQL database should I add, and under what name?",
      "要添加哪个目录路径或 PostgreSQL 数据库，叫什么名字？",
    ),
  policyChange: (lang: Lang, policy: string) =>
    say(
      lang,
      `What should change in ${policy}: the schedule, the retention, or pausing it?`,
      `要修改 ${policy} 的什么：时间表、保留规则，还是暂停它？`,
    ),
  unknown: (lang: Lang) =>
    say(
      lang,
      "I'm not sure what you'd like me to do. Do you want to check the status, back something up, restore something, or change a policy?",
      "我不太确定您想做什么。您是想查看状态、备份、恢复，还是修改策略？",
    ),
  greet: (lang: Lang) =>
    say(
      lang,
      "Hello! What would you like to do: check the status, back something up, or restore something?",
      "您好！需要我做什么：查看备份状态、备份，还是恢复？",
    ),
  thanks: (lang: Lang) => say(lang, "You're welcome. Anything else?", "不客气。还有其他需要吗？"),
  help: (lang: Lang) =>
    say(
      lang,
      [
        "I can:",
        "- show the status, assets, policies and restore points, and find every version of a file",
        "- explain why a job failed",
        '- draft policies ("back up /srv/www every night at 2 and keep 7 daily")',
        '- restore an asset or some files to a point in time ("restore orders to yesterday 15:00")',
        "- run a backup or a restore drill now",
        "Actions wait for your approval. What would you like to do?",
      ].join("\n"),
      [
        "我可以：",
        "- 查看状态、资产、策略和恢复点，查找文件的所有版本",
        "- 解释任务失败的原因",
        '- 起草备份策略（"每天凌晨2点备份 /srv/www，保留7个每日备份"）',
        '- 把资产或文件恢复到某个时间点（"把 orders 恢复到昨天下午3点"）',
        "- 立即备份或做恢复演练",
        "所有操作都要经您批准后执行。您想做什么？",
      ].join("\n"),
    ),
};
