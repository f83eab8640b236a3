// forget's command line, with restic 0.14's flag names, turned into engine rules and selection.
import { parseArgs } from "node:util";
import type { GroupBy, RetentionRules, SnapshotSelection } from "@/lib/engine";
import { UsageError } from "./repo-flags";

export interface ForgetArgs {
  repo?: string;
  passwordFile?: string;
  /** PEM file of a private CA for an https S3 endpoint (restic's --cacert). */
  caCertFile?: string;
  rules: RetentionRules;
  selection: SnapshotSelection;
  groupBy: GroupBy;
  dryRun: boolean;
  json: boolean;
  prune: boolean;
  /** Snapshot IDs (or "latest") to remove outright instead of applying rules. */
  snapshots: string[];
}

const COUNT_FLAGS = {
  "keep-last": "last",
  "keep-hourly": "hourly",
  "keep-daily": "daily",
  "keep-weekly": "weekly",
  "keep-monthly": "monthly",
  "keep-yearly": "yearly",
} as const;

const WITHIN_FLAGS = {
  "keep-within": "within",
  "keep-within-hourly": "withinHourly",
  "keep-within-daily": "withinDaily",
  "keep-within-weekly": "withinWeekly",
  "keep-within-monthly": "withinMonthly",
  "keep-within-yearly": "withinYearly",
} as const;

function parseCount(flag: string, text: string): number {
  if (!/^-?\d+$/.test(text)) throw new UsageError(`--${flag}: "${text}" is not a whole number`);
  const n = Number(text);
  // restic 0.14 takes a negative count as a rule that keeps nothing, so "--keep-last -1" would
  // remove every snapshot; later restic versions read -1 as "unlimited". Refuse both readings.
  if (n < 0)
    throw new UsageError(
      `--${flag}: negative counts are not accepted (restic 0.14 would remove everything, later versions keep everything)`,
    );
  return n;
}

export async function parseForgetArgs(argv: string[]): Promise<ForgetArgs> {
  // The engine loads only when the command runs, not when the registry lists it.
  const { parseDuration, parseGroupBy, parseTagList } = await import("@/lib/engine");
  const string = { type: "string" } as const;
  const many = { type: "string", multiple: true } as const;
  const flag = { type: "boolean" } as const;
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    allowNegative: false,
    options: {
      repo: { ...string, short: "r" },
      "password-file": string,
      cacert: string,
      ...Object.fromEntries(Object.keys(COUNT_FLAGS).map((k) => [k, string])),
      ...Object.fromEntries(Object.keys(WITHIN_FLAGS).map((k) => [k, string])),
      "keep-tag": many,
      host: many,
      tag: many,
      path: many,
      "group-by": { ...string, short: "g" },
      "dry-run": { ...flag, short: "n" },
      json: flag,
      prune: flag,
    },
  });
  const v = values as Record<string, string | string[] | boolean | undefined>;
  const rules: RetentionRules = {};
  for (const [name, rule] of Object.entries(COUNT_FLAGS)) {
    if (typeof v[name] === "string") rules[rule] = parseCount(name, v[name] as string);
  }
  for (const [name, rule] of Object.entries(WITHIN_FLAGS)) {
    if (typeof v[name] === "string") rules[rule] = parseDuration(v[name] as string);
  }
  const keepTags = (v["keep-tag"] as string[] | undefined) ?? [];
  if (keepTags.length) rules.tags = keepTags.map(parseTagList);
  return {
    repo: v.repo as string | undefined,
    passwordFile: v["password-file"] as string | undefined,
    caCertFile: v.cacert as string | undefined,
    rules,
    selection: {
      hosts: v.host as string[] | undefined,
      tags: (v.tag as string[] | undefined)?.map(parseTagList),
      paths: v.path as string[] | undefined,
    },
    groupBy: parseGroupBy((v["group-by"] as string | undefined) ?? "host,paths"),
    dryRun: v["dry-run"] === true,
    json: v.json === true,
    prune: v.prune === true,
    snapshots: positionals,
  };
}
