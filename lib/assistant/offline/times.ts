// Times in the user's time zone through chrono-node (its English and Chinese parsers), with the
// relation the request gives each one: "before 14:00 yesterday", "after November 10", "昨天下午3点
// 之前", "between 9 and 11". Wall-clock readings are turned into instants in the zone of that
// date, so a request across a daylight-saving change still lands on the right hour.
import * as chrono from "chrono-node";
import type { Lang } from "./types";

export type Relation = "at" | "before" | "after";
export interface TimeMention {
  instant: Date;
  relation: Relation;
  /** A day without a time of day ("yesterday", "November 18"). */
  dateOnly: boolean;
  /** A week or a month with no day in it ("last week", "上个月"): no point in time to act on. */
  vague: boolean;
  /** The start and end of that day in the zone, for ranges and date-only readings. */
  dayStart: Date;
  dayEnd: Date;
  index: number;
}

/** Minutes east of UTC of `tz` at `instant`. */
export function offsetMinutes(tz: string, instant: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** The instant at which the clocks of `tz` read this wall time. */
export function wallToInstant(tz: string, y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  let guess = wall - offsetMinutes(tz, new Date(wall)) * 60000;
  guess = wall - offsetMinutes(tz, new Date(guess)) * 60000;
  return new Date(guess);
}

/** Year, month, day, hour, minute of an instant as read on the clocks of `tz`. */
export function wallOf(tz: string, instant: Date) {
  const shifted = new Date(instant.getTime() + offsetMinutes(tz, instant) * 60000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    weekday: shifted.getUTCDay(),
  };
}

// Day parts chrono reads differently by language ("last night" is midnight in its English
// parser, 22:00 in its Chinese one): say what we mean before it reads them.
const ZH_WEEKDAY = ["日", "一", "二", "三", "四", "五", "六", "日"];

const MONTH_EN = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/**
 * Days chrono cannot place, written as dates it can: "2 days ago at 8pm", "两天前晚上8点" (a day
 * counted back, then a clock time on it), "上个月15号", "the 15th of last month", "on the 18th"
 * (this month's, or last month's when that day is still to come).
 */
function rewriteDays(text: string, now: Date, tz: string): string {
  const today = wallOf(tz, now);
  const day = (back: number, monthBack = 0, dom?: number) => {
    const d = new Date(Date.UTC(today.year, today.month - 1 - monthBack, dom ?? today.day - back));
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
  };
  const en = (x: { m: number; d: number; y: number }) => `${MONTH_EN[x.m - 1]} ${x.d} ${x.y}`;
  const zh = (x: { m: number; d: number; y: number }) => `${x.y}年${x.m}月${x.d}日`;
  const CLOCK_ZH = "(?=\\s*(?:的)?\\s*(?:早上|早晨|上午|中午|下午|傍晚|晚上|夜里|凌晨|\\d))";
  return (
    text
      // "roll www back 2 hours", "go back by 3 days": that long ago.
      .replace(/\bback (?:by )?(\d+) (minutes?|hours?|days?|weeks?)\b/g, "back $1 $2 ago")
      .replace(/\b(\d+) days? ago(?=\s+(?:at|in the|around|before|after)\b)/g, (_m, n: string) =>
        en(day(Number(n))),
      )
      .replace(new RegExp(`(\\d+)\\s*天(?:之)?前${CLOCK_ZH}`, "g"), (_m, n: string) => zh(day(Number(n))))
      .replace(/上个?月\s*(\d{1,2})\s*[号日]/g, (_m, d: string) => zh(day(0, 1, Number(d))))
      .replace(/(?:本月|这个?月)\s*(\d{1,2})\s*[号日]/g, (_m, d: string) => zh(day(0, 0, Number(d))))
      .replace(
        /\b(?:on )?the (\d{1,2})(?:st|nd|rd|th)? of (?:last|the previous) month\b|\blast month on the (\d{1,2})(?:st|nd|rd|th)?\b/g,
        (_m, a?: string, b?: string) => `on ${en(day(0, 1, Number(a ?? b)))}`,
      )
      .replace(
        /\b(?:on )?the (\d{1,2})(?:st|nd|rd|th)? of (?:this|the current) month\b/g,
        (_m, d: string) => `on ${en(day(0, 0, Number(d)))}`,
      )
      .replace(/\b(?:on )?the (\d{1,2})(?:st|nd|rd|th)\b(?! of)/g, (m, d: string) => {
        const n = Number(d);
        if (n < 1 || n > 31) return m;
        return `on ${en(day(0, n > today.day ? 1 : 0, n))}`;
      })
  );
}

function rewriteDayParts(text: string): string {
  return (
    text
      // "last night at 11", "friday night at 10": the evening's hours are pm, after midnight am.
      .replace(
        /\b(last|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday) (?:night|evening) at (\d{1,2})(:\d{2})?(?!\s*(?:am|pm|\d|:))/g,
        (_m, d: string, h: string, mm = "") => {
          const day = d === "last" ? "yesterday" : d;
          const hour = Number(h);
          if (hour >= 6 && hour < 12) return `${day} at ${hour + 12}${mm || ":00"}`;
          if (hour === 12) return `${day === "yesterday" ? "today" : day} at 0${mm || ":00"}`;
          return `${day === "yesterday" ? "today" : day} at ${hour}${mm || ":00"}`;
        },
      )
      .replace(/\blast night at\b/g, "yesterday at")
      // "11pm last night", "at 11 last night": the clock time says when, "last night" which day
      .replace(/\b(\d{1,2}(?::\d{2})?\s*(?:am|pm))\s+last night\b/g, "$1 yesterday")
      .replace(/\b(?:at )?(\d{1,2})(:\d{2})?\s+last night\b/g, (_m, h: string, mm = "") =>
        Number(h) >= 6 && Number(h) < 12
          ? `yesterday at ${Number(h) + 12}${mm || ":00"}`
          : `yesterday at ${h}${mm || ":00"}`,
      )
      // chrono's Chinese parser reads 周五, not the 周5 that normalising made of it
      .replace(/(周|星期|礼拜)([1-7])/g, (_m, w: string, d: string) => w + ZH_WEEKDAY[Number(d)])
      // chrono's Chinese parser drops the weekday of "周三中午" (not of "周三12点")
      .replace(/((?:周|星期|礼拜)[一二三四五六日天])\s*中午(?!\s*\d)/g, "$112点")
      .replace(/\b(\d{1,2})(:\d{2})? (?:this|in the) morning\b/g, "today at $1$2am")
      .replace(
        /\bthis morning,? (?:around|about|at|by|after) (\d{1,2})(:\d{2})?(?!\s*(?:am|pm|:|\d))/g,
        "today at $1$2am",
      )
      .replace(/\b(\d{1,2})(:\d{2})? (?:this|in the) (?:afternoon|evening)\b/g, "today at $1$2pm")
      .replace(/\b(?:the )?(?:start|beginning) of (today|yesterday)\b/g, "$1 at 00:00")
      .replace(/\b(?:the )?end of (today|yesterday)\b/g, "$1 at 23:59")
      .replace(/\blast night\b/g, "yesterday at 22:00")
      .replace(
        /\b(yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?: at)? night\b/g,
        "$1 at 22:00",
      )
      .replace(
        /\b(yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?: in the)? evening\b/g,
        "$1 at 20:00",
      )
      .replace(/昨晚(?!\s*\d)/g, "昨天22点")
      .replace(/昨晚/g, "昨天晚上")
      .replace(/(晚上|夜里)(?!\s*\d)/g, "22点")
      .replace(/傍晚(?!\s*\d)/g, "18点")
      // "11月15日中午": chrono reads a date followed by a bare 中午 as two mentions (noon today)
      .replace(/中午(?!\s*\d)/g, "中午12点")
      .replace(/(\d+)点半/g, "$1:30")
      .replace(/(\d+)点(\d+)分?/g, "$1:$2")
  );
}

const BEFORE_CUE =
  /(?:\bbefore|\buntil|\btill|\bup to|\bprior to|\bno later than|\bearlier than|\bolder than|截至|截止到|截止)\s*(?:the\s+)?$/;
const AFTER_CUE = /(?:\bafter|\bsince|\blater than|\bnewer than)\s*(?:the\s+)?$|(?:自从|自)\s*$/;
const BEFORE_AFTER_ZH = /^\s*(?:的)?(?:之前|以前|前)/;
const AFTER_AFTER_ZH = /^\s*(?:的)?(?:之后|以后|以来|后|起)/;

const UNIT_MS: Record<string, number> = {
  分钟: 60_000,
  分: 60_000,
  小时: 3_600_000,
  钟头: 3_600_000,
  天: 86_400_000,
  日: 86_400_000,
  周: 604_800_000,
  星期: 604_800_000,
};

const VAGUE = /^(?:(?:last|this|past|previous|the last|the past) (?:week|month|year))$/;

/** chrono's time grows quickly with text full of date-like words; requests are far shorter. */
const MAX_TIME_TEXT = 400;

/** Every time the text mentions, in order, read in `tz` against `now`. */
export function parseTimes(normalised: string, lang: Lang, now: Date, tz: string): TimeMention[] {
  // Paths and cron-like numbers are not times: blank them out (same length keeps the offsets).
  // Long runs without spaces are no times either, and chrono's patterns take quadratic time and
  // more on them (5,000 letters took minutes): blank them too.
  const text = rewriteDayParts(rewriteDays(normalised.slice(0, MAX_TIME_TEXT), now, tz))
    .replace(/(?<![\w/])\/[^\s,，]*/g, (m) => " ".repeat(m.length))
    .replace(/[a-z0-9_\-.]{40,}/g, (m) => " ".repeat(m.length));
  // chrono's relative days ("昨天", "yesterday") follow the process's zone, not the reference's:
  // give it a clock that reads the user's wall time in UTC, and read its answers back as wall time.
  const shift = offsetMinutes(tz, now) * 60000;
  const ref = { instant: new Date(now.getTime() + shift), timezone: 0 };
  const found: {
    index: number;
    length: number;
    instant: Date;
    dateOnly: boolean;
    certainDay: boolean;
    vague?: boolean;
  }[] = [];
  const parsers = lang === "zh" ? [chrono.zh, chrono.en] : [chrono.en];
  for (const parser of parsers) {
    for (const r of parser.parse(text, ref)) {
      if (found.some((f) => r.index < f.index + f.length && f.index < r.index + r.text.length)) continue;
      const s = r.start;
      const zoned = /\d(?:z|[+-]\d{2}:?\d{2})\b|\b(?:utc|gmt)\b/.test(r.text);
      let instant: Date;
      if (zoned) instant = s.date();
      else {
        // The wall time from its parts, not s.date(): chrono takes words after a time for zone
        // names ("at 4am, get www back" read GET, Georgia's +04:00) and would shift it.
        const part = (name: Parameters<typeof s.get>[0]) => s.get(name) ?? 0;
        instant = wallToInstant(
          tz,
          part("year"),
          part("month"),
          part("day"),
          part("hour"),
          part("minute"),
          part("second"),
        );
      }
      const certainDay = s.isCertain("day") || s.isCertain("weekday");
      // A bare clock time later than now ("at 8pm" said at 10:00) means the last one, yesterday.
      // "Friday at 22:00" said on a Friday afternoon means last week's.
      if (!certainDay && instant > now) instant = new Date(instant.getTime() - 86_400_000);
      else if (s.isCertain("weekday") && !s.isCertain("day") && instant > now)
        instant = new Date(instant.getTime() - 7 * 86_400_000);
      // "2 days ago" is an instant, not a calendar day.
      const relative = /\bago\b|\blater\b|前|后/.test(r.text);
      // "yesterday afternoon", "昨天中午": a part of the day names its hour.
      const dayPart = /morning|afternoon|evening|night|noon|midnight|早|上午|中午|下午|傍晚|晚|凌晨|夜/.test(
        r.text,
      );
      found.push({
        index: r.index,
        length: r.text.length,
        instant,
        dateOnly: !s.isCertain("hour") && !relative && !dayPart,
        certainDay,
        vague: !s.isCertain("hour") && VAGUE.test(r.text.trim()),
      });
    }
  }
  // "3天前", "2 小时前", "半小时前": relative times the Chinese parser leaves out.
  for (const m of text.matchAll(/半\s*(?:个)?\s*(?:小时|钟头)(?:之)?前/g))
    found.push({
      index: m.index,
      length: m[0].length,
      instant: new Date(now.getTime() - 1_800_000),
      dateOnly: false,
      certainDay: true,
    });
  for (const m of text.matchAll(/(\d+)\s*(分钟|分|小时|钟头|天|日|周|星期)(?:之)?前/g)) {
    if (found.some((f) => m.index < f.index + f.length && f.index < m.index + m[0].length)) continue;
    const ms = Number(m[1]) * UNIT_MS[m[2]];
    found.push({
      index: m.index,
      length: m[0].length,
      instant: new Date(now.getTime() - ms),
      dateOnly: false,
      certainDay: true,
    });
  }
  found.sort((a, b) => a.index - b.index);

  // Chrono leaves "上周", "上个月" alone; they name no point in time either.
  for (const m of text.matchAll(/(?:上|本|这)(?:个)?(?:周|星期|礼拜|月)(?![\d一二三四五六日天])/g)) {
    if (found.some((f) => m.index < f.index + f.length && f.index < m.index + m[0].length)) continue;
    found.push({
      index: m.index,
      length: m[0].length,
      instant: now,
      dateOnly: true,
      certainDay: false,
      vague: true,
    });
  }
  found.sort((a, b) => a.index - b.index);

  return found.map((f, i) => {
    const before = text.slice(Math.max(0, f.index - 24), f.index);
    const after = text.slice(f.index + f.length, f.index + f.length + 8);
    let relation: Relation = "at";
    if (BEFORE_CUE.test(before) || BEFORE_AFTER_ZH.test(after)) relation = "before";
    else if (AFTER_CUE.test(before) || AFTER_AFTER_ZH.test(after)) relation = "after";
    // "between X and Y", "从X到Y": the first opens the range, the second closes it.
    if (
      i > 0 &&
      /\b(?:and|to|until)\s*$|(?:到|至|-)\s*$/.test(before) &&
      /\bbetween\b|从|自/.test(text.slice(0, f.index))
    )
      relation = "before";
    else if (i === 0 && found.length > 1 && /\bbetween\s*$|(?:从|自|在)\s*$/.test(before)) relation = "after";
    const w = wallOf(tz, f.instant);
    const dayStart = wallToInstant(tz, w.year, w.month, w.day);
    const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
    const dayEnd = new Date(
      wallToInstant(tz, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()).getTime() - 1000,
    );
    return {
      instant: f.instant,
      relation,
      dateOnly: f.dateOnly,
      vague: f.vague ?? false,
      dayStart,
      dayEnd,
      index: f.index,
    };
  });
}
