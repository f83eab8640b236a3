// Intent detection: an ordered decision list over the cues (lexicon.ts) and the entities and
// slots found in the request. The first rule that holds wins; each rule is one line of reasoning
// a reader can check ("a named policy with a pause word is updatePolicy(enabled: false)").
import type { Entities } from "./entities";
import type { CueName } from "./lexicon";
import { isIncident } from "./recovery";
import type { ScheduleReading } from "./schedule";

export type Intent =
  | "listAssets"
  | "listPolicies"
  | "listRestorePoints"
  | "searchFiles"
  | "getStatus"
  | "diagnoseJob"
  | "recommendPolicy"
  | "runBackup"
  | "verifyRestorePoint"
  | "createPolicy"
  | "updatePolicy"
  | "deletePolicy"
  | "addAsset"
  | "removeAsset"
  | "restore"
  | "planRecovery"
  | "startRecovery"
  | "help"
  | "smalltalk"
  | "unknown";

export interface Features {
  text: string;
  cues: Set<CueName>;
  entities: Entities;
  schedule?: ScheduleReading;
  hasRetention: boolean;
  hasTime: boolean;
  /** An absolute path or database name that is not yet an asset. */
  newSource: boolean;
  /** How many policies cover the assets the request names. */
  assetPolicies: number;
}

export function detectIntent(f: Features): Intent {
  const c = (name: CueName) => f.cues.has(name);
  const e = f.entities;
  const policyNamed = e.policies.length > 0;
  const assetNamed = e.assets.length > 0 || e.paths.length > 0;
  const hasSchedule = Boolean(f.schedule && (f.schedule.cron || f.schedule.missing));
  const words = f.text
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean).length;

  // Greetings, thanks and help carry no work of their own.
  const work = (
    [
      "backup",
      "restore",
      "diagnose",
      "verify",
      "status",
      "search",
      "delete",
      "pause",
      "resume",
      "recommend",
    ] as CueName[]
  ).some(c);
  if (c("help") && !work && !policyNamed && !assetNamed && words <= 8) return "help";
  if (
    (c("greet") || c("thanks")) &&
    !c("status") &&
    !c("question") &&
    !assetNamed &&
    !policyNamed &&
    words <= 4 &&
    !c("restore") &&
    !c("backup")
  )
    return "smalltalk";

  // Whole-host recovery is planned, and a plan is started by its id.
  if (c("recovery") && c("start") && e.ids.length) return "startRecovery";
  if (c("recovery")) return "planRecovery";
  // "web-1 is gone", "orders was corrupted at 14:05", "recover everything as of before 3am".
  if (
    isIncident(
      f.text,
      c("restore"),
      new Set(e.assets.filter((m) => !m.negated).map((m) => m.value.name)).size,
    )
  )
    return "planRecovery";
  // "how often is www backed up?", "www 多久备份一次？": the policy says.
  if (c("policyQuestion") && !c("restore") && !c("create")) return "listPolicies";
  // Advice before action: "suggest a policy for X" drafts nothing.
  if (c("recommend")) return "recommendPolicy";
  if (c("statusQuestion") && !c("restore") && !hasSchedule && !/\bwhy\b|为什么|为何/.test(f.text))
    return "getStatus";
  // Why something failed, unless the request orders a restore or asks about status in general.
  const failWord =
    /\bwhy\b|fail|error|wrong|broke|crash|what happened|diagnos|为什么|为何|失败|出错|报错|错误|故障|怎么回事|怎么了|挂了|诊断/.test(
      f.text,
    );
  if (
    c("diagnose") &&
    failWord &&
    !hasSchedule &&
    !(c("restore") && !/fail|error|失败|出错|报错/.test(f.text))
  )
    return "diagnoseJob";
  // A restore drill mentions restoring but restores nothing.
  if (c("verify")) return "verifyRestorePoint";

  // Work on an existing policy: delete, pause, resume, change, run, list.
  if (
    policyNamed ||
    (c("policyNoun") && !c("list") && !c("create") && !hasSchedule) ||
    (c("policyNoun") && (c("delete") || c("pause") || c("resume")))
  ) {
    if (c("delete") && !c("removeAsset")) return "deletePolicy";
    if (c("resume") && !c("pause")) return "updatePolicy";
    if (c("pause")) return "updatePolicy";
    if (policyNamed && (hasSchedule || f.schedule?.timeOnly || f.hasRetention || c("change")))
      return "updatePolicy";
    if (policyNamed && (c("now") || c("start") || c("backup"))) return "runBackup";
    if (c("restore") && !c("list")) return "updatePolicy";
    if (c("list") || c("question")) return "listPolicies";
    if (policyNamed) return "listPolicies";
  }
  if (c("policyNoun") && c("change") && !c("create")) return "updatePolicy";
  // "change the www backup to 3am", "把 www 的备份时间改到3点": the policy that covers the asset.
  if (
    c("change") &&
    !c("create") &&
    f.assetPolicies > 0 &&
    !c("restore") &&
    (hasSchedule || f.schedule?.timeOnly || f.hasRetention)
  )
    return "updatePolicy";
  // "pause the www backups", "暂停 www 的备份": the policy that covers the asset.
  if ((c("pause") || c("resume")) && assetNamed && !c("removeAsset") && !c("restore") && !c("delete"))
    return "updatePolicy";
  if (c("policyNoun") && c("create")) return "createPolicy";
  if (c("policyNoun") && c("list") && !hasSchedule) return "listPolicies";
  if (c("policyNoun") && (c("change") || c("pause") || c("resume") || c("delete"))) return "updatePolicy";

  // Assets: removing one, or adding a path or database that is not one yet.
  if (c("removeAsset") && !c("addAsset")) return "removeAsset";
  if (c("addAsset") && c("assetsNoun") && !assetNamed && !hasSchedule && !c("list")) return "addAsset";
  if (c("delete") && (assetNamed || e.generic) && !c("restore") && !hasSchedule) return "removeAsset";
  if (c("addAsset") && (f.newSource || /\bas an? (?:new )?asset\b|资产/.test(f.text)) && !hasSchedule)
    return "addAsset";
  // "add /home/shared, call it shared", "把 /home/shared 加进来，叫 shared": a folder inside an asset
  // becomes an asset of its own when the request gives it a name.
  if (
    c("addAsset") &&
    e.paths.length > 0 &&
    /\b(?:called|named|call it|name it)\b|名字叫|名为|叫做?|命名为/.test(f.text) &&
    !hasSchedule
  )
    return "addAsset";

  // Restores: an explicit restore word (and not a question about restore points).
  if (
    c("restore") &&
    !(
      c("list") &&
      c("restorePoints") &&
      !c("overwrite") &&
      (c("question") || /\b(?:list|show)\b|列出|有哪些/.test(f.text))
    )
  )
    return "restore";
  // Finding files: a search word, or "versions of <file>".
  if (c("search") && (e.files.length > 0 || e.paths.some((p) => p.value.path !== p.value.asset?.path)))
    return "searchFiles";
  if (c("search") && !c("restorePoints") && !c("assetsNoun")) return "searchFiles";
  if (c("status") && !hasSchedule && !(c("now") && assetNamed)) return "getStatus";
  if (c("restorePoints") && (c("list") || c("question")) && !hasSchedule && !c("now"))
    return "listRestorePoints";

  // Backing up: with a schedule it is a policy, without one it runs now.
  if (hasSchedule && (c("backup") || assetNamed || c("create"))) return "createPolicy";
  if (c("backup") && (f.hasRetention || hasSchedule)) return "createPolicy";
  // "is there a backup of /etc/passwd?", "when was www backed up?": questions look, never act.
  if (c("backup") && c("question") && !c("now") && !c("assetsNoun"))
    return e.files.length || e.paths.some((p) => !p.value.asset || p.value.path !== p.value.asset.path)
      ? "searchFiles"
      : "listRestorePoints";
  if (c("backup") && !c("list")) return "runBackup";
  if (c("now") && assetNamed) return "runBackup";
  if (c("assetsNoun") && (c("list") || c("question"))) return "listAssets";
  if (c("list") && c("backup")) return "listRestorePoints";
  if (f.hasRetention && assetNamed) return "createPolicy";
  if (c("diagnose")) return "diagnoseJob";
  // A bare noun asks to see it: "orders 的恢复点", "policies?", "资产".
  if (c("restorePoints") && !hasSchedule) return "listRestorePoints";
  if (c("policyNoun")) return "listPolicies";
  if (c("assetsNoun") && !assetNamed) return "listAssets";
  if (c("greet") || c("thanks")) return "smalltalk";
  return "unknown";
}
