// From an understood request to a tool call, or to one clarifying question when something the
// call needs is missing or ambiguous. One builder per intent; the shared resolvers decide which
// asset or policy a request means.
import type { Retention } from "../tool-contract";
import { restore } from "./build-restore";
import { chosenAssets, chosenPolicies } from "./entities";
import { allOf, Q, say } from "./phrases";
import { recoveryCall } from "./recovery";
import { oneAsset, onePolicy, optionalAsset, range } from "./resolve";
import { DEFAULT_RETENTION } from "./retention";
import { clockTimes, withTime } from "./schedule";
import type { Inventory, PlannedCall } from "./types";
import type { Understanding } from "./understand";
export interface Built {
  call?: PlannedCall;
  /** More calls of the same request ("back up www and wiki now"). */
  more?: PlannedCall[];
  question?: string;
  /** A short note the answer adds (a default the planner chose). */
  note?: string;
}

function policyName(u: Understanding): string | undefined {
  const m = u.text.match(
    /\b(?:called|named|name it|call it)\s+["']?([a-z0-9][\w.-]*)|(?:名为|叫做?|命名为|名字叫|名称为)\s*["']?([a-z0-9][\w.-]*)/,
  );
  return m?.[1] ?? m?.[2];
}

function defaultName(assets: string[], cron: string): string {
  const [min, hour, dom, month, dow] = cron.split(" ");
  const freq =
    month !== "*"
      ? "yearly"
      : min.startsWith("*/")
        ? `every-${min.slice(2)}m`
        : hour === "*"
          ? "hourly"
          : hour.startsWith("*/")
            ? `every-${hour.slice(2)}h`
            : dom !== "*"
              ? "monthly"
              : dow === "1-5"
                ? "weekdays"
                : dow !== "*"
                  ? "weekly"
                  : "daily";
  // An asset given as a path ("/srv/www") names the policy "srv-www-daily", not "-srv-www-daily".
  const subject = assets
    .map((a) => a.replace(/[^\w-]+/g, "-").replace(/^-+|-+$/g, ""))
    .filter(Boolean)
    .join("-");
  return subject ? `${subject}-${freq}` : freq;
}

function createPolicy(u: Understanding, inv: Inventory): Built {
  let assets = chosenAssets(u.entities, inv).map((a) => a.name);
  const newPaths = u.entities.paths.filter((p) => !p.value.asset && !p.negated).map((p) => p.value.path);
  // A folder that holds several assets ("/srv" with /srv/www and /srv/wiki) is none of them: ask
  // which, and once one is named (the answer), the folder was only the way to it.
  const holding = (path: string) => {
    const root = path.replace(/\/+$/, "").toLowerCase();
    return inv.assets.filter((a) => a.path?.toLowerCase().startsWith(`${root}/`));
  };
  for (const path of newPaths) {
    const inside = holding(path);
    if (inside.length > 1 && !assets.length)
      return {
        question: Q.whichAsset(
          u.lang,
          inside.map((a) => a.name),
          "directory",
        ),
      };
  }
  assets = [...assets, ...newPaths.filter((p) => !(assets.length && holding(p).length > 1))];
  if (!assets.length) {
    const pick = oneAsset(u, inv);
    if ("question" in pick) return { question: pick.question };
    assets = [pick.value.name];
  }
  const s = u.schedule;
  let cron = s?.cron;
  if (!cron && s?.timeOnly) cron = withTime("0 0 * * *", s.timeOnly);
  if (!cron)
    return {
      question: s?.missing === "time" ? Q.scheduleTime(u.lang) : Q.schedule(u.lang, allOf(u.lang, assets)),
    };
  const retention: Retention = u.retention ?? DEFAULT_RETENTION;
  const input: Record<string, unknown> = {
    name: policyName(u) ?? defaultName(assets, cron),
    assets,
    schedule: cron,
    retention,
  };
  const repo = u.entities.repositories.find((r) => !r.negated);
  if (repo) input.repository = repo.value;
  const note = u.retention
    ? undefined
    : say(
        u.lang,
        "No retention was given, so I used 7 daily and 4 weekly; change it on the card if needed.",
        "没有指定保留规则，我用了7个每日和4个每周备份；可以在卡片上修改。",
      );
  return { call: { toolName: "createPolicy", input }, note };
}

function updatePolicy(u: Understanding, inv: Inventory): Built {
  const pick = onePolicy(u, inv);
  if ("question" in pick) return { question: pick.question };
  const policy = inv.policies.find((p) => p.name === pick.value);
  const input: Record<string, unknown> = { policy: pick.value };
  const c = u.cues;
  if (c.has("pause") && !c.has("resume")) input.enabled = false;
  else if (c.has("resume") || (u.lang === "zh" && c.has("restore") && !u.times.length)) input.enabled = true;
  if (u.schedule?.cron) input.schedule = u.schedule.cron;
  else if (u.schedule?.timeOnly) input.schedule = withTime(policy?.schedule, u.schedule.timeOnly);
  if (u.retention) input.retention = u.retention;
  if (Object.keys(input).length === 1) return { question: Q.policyChange(u.lang, pick.value) };
  return { call: { toolName: "updatePolicy", input } };
}

function addAsset(u: Understanding): Built {
  const path = u.entities.paths.find((p) => !p.value.asset)?.value.path ?? u.entities.paths[0]?.value.path;
  // "called grafana", "as asset analytics2", "名字叫 gitlab": the last such name that is not a noun.
  const NOT_NAME = [
    "a",
    "an",
    "the",
    "directory",
    "folder",
    "asset",
    "postgres",
    "database",
    "new",
    "called",
    "named",
    "too",
    "and",
    "with",
  ];
  let name: string | undefined;
  for (const m of u.text.matchAll(
    /\b(?:called|named|as|name it|call it|asset)\s+(?=["']?([a-z0-9][\w.-]*))|(?:名字叫|名为|叫做?|命名为|名称为)\s*(?=["']?([a-z0-9][\w.-]*))/g,
  )) {
    const v = m[1] ?? m[2];
    if (!NOT_NAME.includes(v)) name = v;
  }
  const isDb = !path && (Boolean(u.newDatabase) || /\b(?:database|db|postgres)\b|数据库/.test(u.text));
  if (isDb) {
    const database = u.newDatabase;
    if (!database) return { question: Q.addWhat(u.lang) };
    return { call: { toolName: "addAsset", input: { kind: "postgres", name: name ?? database, database } } };
  }
  if (!path) return { question: Q.addWhat(u.lang) };
  const base = path.split("/").filter(Boolean).pop() ?? "root";
  return { call: { toolName: "addAsset", input: { kind: "directory", name: name ?? base, path } } };
}

function recommend(u: Understanding, inv: Inventory): Built {
  const pick = oneAsset(u, inv);
  if ("question" in pick) return { question: pick.question };
  const input: Record<string, unknown> = { asset: pick.value.name };
  const t = u.masked;
  const rpo = t.match(
    /\brpo\b\D{0,12}(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|小时|分钟)|\b(?:lose|losing|loss of) (?:at most |no more than |up to |under |less than )?(\d+(?:\.\d+)?) ?(hours?|minutes?)|(?:最多|至多|不超过)?(?:丢失|丢)\s*(\d+(?:\.\d+)?)\s*(小时|分钟)|\b(\d+(?:\.\d+)?)[- ]?(hours?|hrs?|h|minutes?|mins?)\s+rpo\b/,
  );
  if (rpo) {
    const n = Number(rpo[1] ?? rpo[3] ?? rpo[5] ?? rpo[7]);
    input.rpoHours = /min|分钟/.test(rpo[2] ?? rpo[4] ?? rpo[6] ?? rpo[8] ?? "") ? n / 60 : n;
  }
  if (u.retention?.withinDays) input.keepDays = u.retention.withinDays;
  const gb = t.match(/(\d+(?:\.\d+)?)\s*(gb|gib|g|tb|tib|t)\b|(\d+(?:\.\d+)?)\s*(gb|g|tb|t)/);
  if (gb) input.storageBudgetGB = Number(gb[1] ?? gb[3]) * (/^t/.test(gb[2] ?? gb[4]) ? 1000 : 1);
  const win = t.match(/\bbetween (.{1,12}?) and (.{1,12}?)(?:\b|$)|(\S{1,8}点)\s*(?:到|至|-)\s*(\S{1,8}点)/);
  if (win) {
    const times = clockTimes(win[0]);
    const hhmm = ([h, m]: [number, number]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
    if (times.length === 2) {
      input.windowStart = hhmm(times[0]);
      input.windowEnd = hhmm(times[1]);
    }
  }
  return { call: { toolName: "recommendPolicy", input } };
}

export function build(u: Understanding, inv: Inventory, now: Date): Built {
  const call = (toolName: string, input: Record<string, unknown> = {}): Built => ({
    call: { toolName, input },
  });
  switch (u.intent) {
    case "restore":
      return restore(u, inv);
    case "createPolicy":
      return createPolicy(u, inv);
    case "updatePolicy":
      return updatePolicy(u, inv);
    case "deletePolicy": {
      const pick = onePolicy(u, inv);
      return "question" in pick ? { question: pick.question } : call("deletePolicy", { policy: pick.value });
    }
    case "addAsset":
      return addAsset(u);
    case "removeAsset": {
      const pick = oneAsset(u, inv);
      return "question" in pick
        ? { question: pick.question }
        : call("removeAsset", { asset: pick.value.name });
    }
    case "runBackup": {
      const policies = chosenPolicies(u.entities);
      if (policies.length)
        return {
          call: { toolName: "runBackup", input: { policy: policies[0] } },
          more: policies.slice(1).map((policy) => ({ toolName: "runBackup", input: { policy } })),
        };
      const assets = chosenAssets(u.entities, inv);
      if (assets.length > 1)
        return {
          call: { toolName: "runBackup", input: { asset: assets[0].name } },
          more: assets.slice(1).map((a) => ({ toolName: "runBackup", input: { asset: a.name } })),
        };
      const pick = oneAsset(u, inv);
      return "question" in pick ? { question: pick.question } : call("runBackup", { asset: pick.value.name });
    }
    case "verifyRestorePoint": {
      if (u.entities.ids.length) return call("verifyRestorePoint", { restorePoint: u.entities.ids[0] });
      const pick = oneAsset(u, inv);
      return "question" in pick
        ? { question: pick.question }
        : call("verifyRestorePoint", { asset: pick.value.name });
    }
    case "recommendPolicy":
      return recommend(u, inv);
    case "listRestorePoints": {
      const input: Record<string, unknown> = { ...range(u, now) };
      const asset = optionalAsset(u, inv);
      if (asset) input.asset = asset;
      const limit = u.masked.match(
        /\b(?:last|latest|newest|recent) (\d+)\b(?! (?:hours?|days?|weeks?|months?))|最近\s*(\d+)\s*个|\b(\d+) (?:most recent|latest|newest|last)\b/,
      );
      if (limit) input.limit = Number(limit[1] ?? limit[2] ?? limit[3]);
      else if (
        /\b(?:the )?(?:latest|newest|most recent|last) (?:restore point|snapshot|backup)\b|最新的?(?:恢复点|快照|备份)/.test(
          u.text,
        )
      )
        input.limit = 1;
      return call("listRestorePoints", input);
    }
    case "searchFiles": {
      const e = u.entities;
      const query =
        e.files[0] ??
        e.paths.find((p) => p.value.path !== p.value.asset?.path)?.value.path ??
        u.text.match(
          /\b(?:find|search(?: for)?|look for|locate|where is|versions of|copies of)\s+(?:the |my |our |all |every )*(?:file |versions of |version of )?["']?([^\s"'?,]+)/,
        )?.[1] ??
        u.text.match(/(?:查找|搜索|找一下|寻找|找)\s*([^\s的，,？?]+)/)?.[1] ??
        u.text.match(
          /\b(?:backups?|cop(?:y|ies)|versions?) of (?:the |my |our )?(?:file )?["']?([^\s"'?,]+)/,
        )?.[1] ??
        u.text.match(/([a-z0-9_.\-/]+)\s*(?:的)?\s*(?:备份|版本|副本)/)?.[1];
      if (!query) return { question: Q.searchWhat(u.lang) };
      const input: Record<string, unknown> = { query, ...range(u, now) };
      const asset = optionalAsset(u, inv);
      if (asset && !e.paths.some((p) => p.value.asset?.name === asset)) input.asset = asset;
      return call("searchFiles", input);
    }
    case "listAssets": {
      const kind = /\b(?:databases|dbs|database)\b|数据库/.test(u.text)
        ? "postgres"
        : /\b(?:folders|directories|directory|folder)\b|目录|文件夹/.test(u.text)
          ? "directory"
          : undefined;
      return call("listAssets", kind ? { kind } : {});
    }
    case "listPolicies": {
      const asset = optionalAsset(u, inv);
      return call("listPolicies", asset ? { asset } : {});
    }
    case "getStatus":
      return call("getStatus");
    case "diagnoseJob":
      return call("diagnoseJob", u.entities.ids[0] ? { job: u.entities.ids[0] } : {});
    case "planRecovery":
      return { call: recoveryCall(u, inv) };
    case "startRecovery":
      return call("startRecovery", { plan: u.entities.ids[0] });
    case "help":
      return { question: Q.help(u.lang) };
    case "smalltalk":
      return { question: u.cues.has("greet") ? Q.greet(u.lang) : Q.thanks(u.lang) };
    default:
      return { question: Q.unknown(u.lang) };
  }
}
