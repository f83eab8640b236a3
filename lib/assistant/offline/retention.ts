// Retention phrases by DESIGN.md's wording conventions: "for N days" / "保留N天" is withinDays,
// "N daily" / "N个每日备份" is daily, "keep the last N" / "最近N个" is keepLast. Durations in
// weeks, months and years become days; "a week of dailies" is 7 daily.
import type { Retention } from "../tool-contract";

type Key = "hourly" | "daily" | "weekly" | "monthly" | "yearly";
const EN_KEY: Record<string, Key> = {
  hourly: "hourly",
  hourlies: "hourly",
  daily: "daily",
  dailies: "daily",
  weekly: "weekly",
  weeklies: "weekly",
  monthly: "monthly",
  monthlies: "monthly",
  yearly: "yearly",
  yearlies: "yearly",
  annual: "yearly",
  annually: "yearly",
};
const ZH_KEY: Record<string, Key> = {
  每小时: "hourly",
  每时: "hourly",
  小时: "hourly",
  每日: "daily",
  每天: "daily",
  日: "daily",
  每周: "weekly",
  每星期: "weekly",
  周: "weekly",
  每月: "monthly",
  月: "monthly",
  每年: "yearly",
  // "12个月度备份" (monthly ones), not "12个月" (a year's window)
  日度: "daily",
  周度: "weekly",
  月度: "monthly",
  年度: "yearly",
  年: "yearly",
};
const DAYS: Record<string, number> = {
  day: 1,
  days: 1,
  week: 7,
  weeks: 7,
  month: 30,
  months: 30,
  year: 365,
  years: 365,
  天: 1,
  日: 1,
  周: 7,
  星期: 7,
  个星期: 7,
  月: 30,
  个月: 30,
  年: 365,
};
/** How many of a rule one period holds: a week of dailies is 7, a year of monthlies 12. */
const PER: Record<Key, number> = { hourly: 1 / 24, daily: 1, weekly: 7, monthly: 30, yearly: 365 };

export function readRetention(text: string): Retention | undefined {
  const r: Retention = {};
  const counted: [number, number][] = [];
  const mark = (m: RegExpMatchArray) => counted.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  const free = (m: RegExpMatchArray) =>
    !counted.some(([a, b]) => (m.index ?? 0) < b && a < (m.index ?? 0) + m[0].length);

  // "a week of dailies", "dailies for a month", "一周的每日备份"
  for (const m of text.matchAll(
    /\b(\d+|a|an|1) (day|week|month|year)s? of (hourl(?:y|ies)|dail(?:y|ies)|weekl(?:y|ies)|monthl(?:y|ies)|yearl(?:y|ies))\b/g,
  )) {
    const key = EN_KEY[m[3]];
    const n = m[1] === "a" || m[1] === "an" ? 1 : Number(m[1]);
    r[key] = Math.max(1, Math.round((n * DAYS[m[2]]) / PER[key]));
    mark(m);
  }
  for (const m of text.matchAll(
    /\b(hourl(?:y|ies)|dail(?:y|ies)|weekl(?:y|ies)|monthl(?:y|ies)|yearl(?:y|ies))(?: backups| snapshots)? for (\d+|a|an) (day|week|month|year)s?\b/g,
  )) {
    const key = EN_KEY[m[1]];
    const n = m[2] === "a" || m[2] === "an" ? 1 : Number(m[2]);
    r[key] = Math.max(1, Math.round((n * DAYS[m[3]]) / PER[key]));
    mark(m);
  }
  // "7 daily", "4 weekly snapshots", "12 monthlies", "2 x yearly"
  for (const m of text.matchAll(
    /(?<![:\d])\b(\d+)\s*(?:x\s*)?(hourly|hourlies|daily|dailies|weekly|weeklies|monthly|monthlies|yearly|yearlies|annual)\b/g,
  )) {
    if (!free(m)) continue;
    r[EN_KEY[m[2]]] = Number(m[1]);
    mark(m);
  }
  // "7个每日备份", "4个每周", "每日备份保留7个", "每天的保留7份" (written together: "保留最近20个" and
  // then an answer "每天凌晨1点", read as one text, are a count and a schedule)
  for (const m of text.matchAll(
    /(\d+)\s*(?:个|份)(每小时|每时|每日|每天|每周|每星期|每月|每年|日度|周度|月度|年度)/g,
  )) {
    r[ZH_KEY[m[2]]] = Number(m[1]);
    mark(m);
  }
  for (const m of text.matchAll(
    /(每小时|每日|每天|每周|每月|每年)(?:的)?(?:备份|快照)?\s*(?:保留|留)\s*(\d+)\s*(?:个|份)/g,
  )) {
    r[ZH_KEY[m[1]]] = Number(m[2]);
    mark(m);
  }
  // "keep the last 20", "last 20 snapshots", "最近20个", "keep 20 backups"
  const last =
    text.match(
      /\b(?:the )?(?:last|latest|newest|most recent) (\d+)\b(?! (?:days?|weeks?|months?|years?|hours?)\b)/,
    ) ??
    text.match(
      /\b(?:keep|keeping|retain|retaining)(?: only)? (\d+) (?:backups|snapshots|copies|versions|restore points|points)\b/,
    ) ??
    text.match(/最近\s*(\d+)\s*(?:个|份)/) ??
    text.match(/保留\s*(\d+)\s*(?:个|份)(?!\s*(?:每|小时|月|星期))/);
  if (last && free(last)) {
    r.keepLast = Number(last[1]);
    mark(last);
  }
  // "for 30 days", "keep 2 weeks", "保留3天", "保存一个月": a window of days
  const within =
    text.match(
      /\b(?:for|keep|keeping|retain|retaining|retention(?: period)?(?: of| to| at)?|history of)(?: (?:them|it|backups|snapshots|everything|restore points|copies))?(?: for)? (\d+|a|an|1) (days?|weeks?|months?|years?)\b(?! of)/,
    ) ??
    text.match(
      /\b(\d+)[- ](day|week|month|year)s? (?:of )?(?:retention|history|window|backups|snapshots|restore points)\b/,
    ) ??
    text.match(
      /(?:保留|保存|留存|存)(?:时间|期限|时长|期)?\s*(?:改成|改为|设为|设置为|调整为|为|到|成)?\s*(\d+)\s*(天|日|周|个星期|星期|个月|月|年)/,
    );
  if (within && free(within)) {
    const n = within[1] === "a" || within[1] === "an" ? 1 : Number(within[1]);
    r.withinDays = n * DAYS[within[2]];
  }
  return Object.keys(r).length ? r : undefined;
}

export const DEFAULT_RETENTION: Retention = { daily: 7, weekly: 4 };
