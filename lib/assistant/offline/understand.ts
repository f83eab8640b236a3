// One request, understood: normalise, find entities and slots, detect the intent, then let the
// intent's builder (build.ts) turn the slots into a tool call or one clarifying question.
import { assetOfPath, type Entities, extractEntities } from "./entities";
import { detectIntent, type Intent } from "./intent";
import { type CueName, cuesOf } from "./lexicon";
import { readRetention } from "./retention";
import { readSchedule, type ScheduleReading } from "./schedule";
import { detectLang, normalise, toHalfWidth } from "./text";
import { parseTimes, type TimeMention } from "./times";
import type { Inventory, Lang } from "./types";

export interface Understanding {
  lang: Lang;
  text: string;
  /** The text with paths and inventory names blanked, for reading numbers and times. */
  masked: string;
  cues: Set<CueName>;
  entities: Entities;
  schedule?: ScheduleReading;
  retention?: ReturnType<typeof readRetention>;
  times: TimeMention[];
  intent: Intent;
  /** A new database named by the request ("the postgres database billing"). */
  newDatabase?: string;
}

const NOT_A_NAME = new Set([
  "a",
  "an",
  "the",
  "as",
  "to",
  "into",
  "is",
  "for",
  "called",
  "named",
  "new",
  "this",
  "that",
  "my",
  "our",
  "backup",
  "backups",
  "asset",
  "and",
  "or",
  "from",
  "at",
  "of",
  "in",
  "on",
  "it",
  "postgres",
  "postgresql",
]);

export function newDatabaseName(text: string, inv: Inventory): string | undefined {
  const known = new Set(inv.assets.flatMap((a) => [a.name, a.database].filter(Boolean)));
  const candidates = [
    ...text.matchAll(/\b(?:postgres(?:ql)? )?(?:database|db)(?: (?:named|called))? ["']?([a-z_][\w-]*)/g),
    ...text.matchAll(/\b([a-z_][\w-]*) (?:postgres(?:ql)? )?(?:database|db)\b/g),
    ...text.matchAll(/数据库\s*["']?([a-z_][\w-]*)/g),
    ...text.matchAll(/([a-z_][\w-]*)\s*数据库/g),
    ...text.matchAll(/(?:数据库|database|db)\s*(?:资产|asset)\s*["']?([a-z_][\w-]*)/g),
  ];
  for (const m of candidates) {
    const name = m[1];
    if (!NOT_A_NAME.has(name) && !known.has(name)) return name;
  }
  return undefined;
}

/**
 * Paths and file names as the person typed them: the grammar reads the lower-cased text, but
 * "/srv/Photos" and "Report.pdf" are other names than their lower-case forms.
 */
function withCaseOf(raw: string, entities: Entities, inv: Inventory): Entities {
  const typed = toHalfWidth(raw);
  const lower = typed.toLowerCase();
  const cased = (s: string) => {
    const i = lower.indexOf(s);
    return i < 0 || lower.length !== typed.length ? s : typed.slice(i, i + s.length);
  };
  for (const p of entities.paths) {
    const path = cased(p.value.path);
    if (path !== p.value.path) p.value = { path, asset: assetOfPath(path, inv) ?? p.value.asset };
  }
  entities.files = entities.files.map(cased);
  return entities;
}

export function understand(raw: string, inv: Inventory, now: Date, tz: string): Understanding {
  const lang = detectLang(raw);
  const text = normalise(raw);
  const entities = withCaseOf(raw, extractEntities(text, inv), inv);
  let masked = text;
  for (const m of [...entities.paths, ...entities.policies, ...entities.assets, ...entities.repositories])
    masked = masked.slice(0, m.start) + " ".repeat(m.end - m.start) + masked.slice(m.end);
  const cues = cuesOf(text);
  const schedule = readSchedule(masked);
  const retention = readRetention(masked);
  const times = parseTimes(masked, lang, now, tz);
  const newDatabase = newDatabaseName(text, inv);
  const newSource = entities.paths.some((p) => !p.value.asset) || Boolean(newDatabase);
  const named = new Set(entities.assets.map((m) => m.value.name));
  const assetPolicies = inv.policies.filter((p) => p.assets.some((a) => named.has(a))).length;
  const intent = detectIntent({
    assetPolicies,
    text,
    cues,
    entities,
    schedule,
    hasRetention: Boolean(retention),
    hasTime: times.length > 0,
    newSource,
  });
  return { lang, text, masked, cues, entities, schedule, retention, times, intent, newDatabase };
}
