// The restore builder: which asset (a path inside one names it), which paths, where to (a new
// folder or database unless the request says to overwrite), and from when (a time, the latest, or a
// restore point id); without a time it asks for one.

import type { Built } from "./build";
import { chosenAssets } from "./entities";
import { CUES } from "./lexicon";
import { Q } from "./phrases";
import { iso, oneAsset } from "./resolve";
import type { Inventory, InventoryAsset } from "./types";
import type { Understanding } from "./understand";

const NOT_TARGET = new Set([
  "a",
  "an",
  "the",
  "new",
  "place",
  "it",
  "its",
  "they",
  "was",
  "were",
  "of",
  "at",
  "before",
  "how",
  "separate",
  "yesterday",
  "today",
  "database",
  "db",
  "folder",
  "location",
  "copy",
  "named",
  "called",
  "is",
  "to",
  "as",
]);

// The name of a new database (or folder) to restore into: "into a new database named X", "into X",
// "as X", "恢复成新数据库 X", "名为 X".
const TARGET_PATTERNS = [
  /\b(?:into|to|as|in) (?:a |the )?new (?:database|db|folder|copy|directory)(?: (?:named|called))? ["']?([a-z_][\w-]*)/,
  /\b(?:database|db|copy|folder|directory) (?:named|called) ["']?([a-z_][\w-]*)/,
  /\binto (?:a |the )?["']?([a-z_][\w-]*)/,
  /\bas (?:a |the )?(?:new )?(?:database |db )?["']?([a-z_][\w-]*)["']?\s*$/,
  /(?:名为|叫做?|命名为|恢复成|恢复为|还原成|还原为|新数据库)\s*(?:一个)?(?:新的?(?:数据库|库|目录|文件夹))?\s*["']?([a-z_][\w-]*)/,
  /([a-z_][\w-]*)\s*(?:这个|的)?新数据库/,
];

function targetName(text: string): string | undefined {
  for (const re of TARGET_PATTERNS) {
    const m = text.match(re);
    if (m && !NOT_TARGET.has(m[1])) return m[1];
  }
  return undefined;
}

export function restore(u: Understanding, inv: Inventory): Built {
  const e = u.entities;
  // A path inside an asset names the asset and the paths to bring back.
  const inside = e.paths.filter((p) => p.value.asset && !p.negated);
  const assetsOfPaths = [...new Set(inside.map((p) => p.value.asset?.name))];
  let asset: InventoryAsset;
  if (assetsOfPaths.length === 1 && chosenAssets(e, inv).every((a) => a.name === assetsOfPaths[0])) {
    asset = inside[0].value.asset as InventoryAsset;
  } else {
    const pick = oneAsset(u, inv);
    if ("question" in pick) return { question: pick.question };
    asset = pick.value;
  }
  const input: Record<string, unknown> = { asset: asset.name };
  // Where to: a path after "into"/"到" that is not inside the asset, or a new database's name.
  const target =
    e.paths.find(
      (p) =>
        p.value.asset?.name !== asset.name &&
        /(?:\binto|\bto|\bin|\bonto|\bunder|到|至|放到|放在|恢复到|还原到)\s*$/.test(
          u.text.slice(Math.max(0, p.start - 12), p.start),
        ),
    ) ?? e.paths.find((p) => p.value.asset?.name !== asset.name);
  if (target) input.target = target.value.path;
  else {
    const name = targetName(u.text);
    if (name && name !== asset.name && name !== asset.database) input.target = name;
  }
  // Paths named after the restore word are what to restore; earlier ones may only tell the story
  // ("I deleted something in /home/carol … restore /home/carol/docs").
  const verbAt = u.text.search(CUES.restore);
  const ofAsset = inside.filter(
    (p) => p.value.asset?.name === asset.name && p.value.path !== asset.path?.replace(/\/+$/, ""),
  );
  const afterVerb = ofAsset.filter((p) => verbAt >= 0 && p.start > verbAt);
  const paths = (afterVerb.length ? afterVerb : ofAsset).map((p) => p.value.path);
  if (!paths.length && !inside.length && u.entities.files.length && asset.kind === "directory")
    paths.push(...u.entities.files);
  if (paths.length) input.paths = paths;
  const id = e.ids[0];
  // The last time named is the point in time ("from yesterday 6pm", "make it 4pm instead").
  const pointInTime = u.times[u.times.length - 1];
  if (id && /\b(?:restore point|snapshot|point)\b|恢复点|快照/.test(u.text)) input.restorePoint = id;
  // "to last week", "到上个月": a span, not a point; which day and time is the person's to say.
  else if (pointInTime?.vague && pointInTime.relation === "at")
    return { question: Q.restoreWhen(u.lang, asset.name) };
  else if (pointInTime)
    input.at = iso(
      pointInTime.dateOnly
        ? pointInTime.relation === "before"
          ? pointInTime.dayStart
          : pointInTime.dayEnd
        : pointInTime.instant,
    );
  else if (!u.cues.has("latest")) return { question: Q.restoreWhen(u.lang, asset.name) };
  input.overwrite = u.cues.has("overwrite") && !u.cues.has("keepCopy");
  return { call: { toolName: "restore", input } };
}
