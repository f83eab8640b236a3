// Schedules in words to five-field cron (minute hour day-of-month month day-of-week), English and
// Chinese. A schedule is read as three independent parts — an interval ("every 6 hours", "每15
// 分钟", "twice a day"), a calendar ("weekdays", "every Sunday", "每月1号") and clock times ("at
// 2am", "晚上7点半") — and then combined; a calendar without a clock time is reported as missing
// one, so the planner asks instead of guessing.

export interface ScheduleReading {
  /** The cron expression, when the schedule is complete. */
  cron?: string;
  /** A clock time without any frequency: "change X to 3:30am" (the policy's calendar stays). */
  timeOnly?: { minute: string; hour: string };
  /** A calendar was given but no time of day ("every night", "每天"). */
  missing?: "time";
}

const DOW_EN: Record<string, number> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};
const DOW_ZH: Record<string, number> = {
  日: 0,
  天: 0,
  "7": 0,
  "1": 1,
  "2": 2,
  "3": 3,
  "4": 4,
  "5": 5,
  "6": 6,
};

const ordinalDay =
  /\b(?:on )?the (\d{1,2})(?:st|nd|rd|th)?\b|\b(?:the )?(first)\b|\b(\d{1,2})(?:st|nd|rd|th) (?:of|day)\b|(?:每月|每个月)\s*(\d{1,2})\s*(?:号|日)|(\d{1,2})\s*(?:号|日)/;

// "at 2am, no wait, make it 3am", "2点，不对，3点": a correction inside the request replaces the
// times said before it.
const CORRECTION =
  /\b(?:no,? wait|wait,? no|actually|make (?:it|that)|i mean|i meant|sorry|scratch that|correction)\b|不对|我是说|应该是|算了/g;

/** Clock times in the text, as [hour, minute] on a 24-hour clock; a correction keeps the later. */
export function clockTimes(said: string): [number, number][] {
  // "half past midnight", "quarter past 2", "quarter to 7pm": written as the clock reads them.
  const hourOf = (h: string) => (h === "midnight" ? 0 : h === "noon" ? 12 : Number(h));
  const text = said
    .replace(/\b(half|quarter|\d{1,2}) past (midnight|noon|\d{1,2})\b/g, (_m, part: string, h: string) => {
      const minute = part === "half" ? 30 : part === "quarter" ? 15 : Number(part);
      return `at ${hourOf(h)}:${String(minute).padStart(2, "0")}`;
    })
    .replace(/\bquarter to (noon|midnight|\d{1,2})\b/g, (_m, h: string) => `at ${(hourOf(h) + 23) % 24}:45`);
  const all = clockTimesAt(text);
  const corrected = Math.max(-1, ...[...text.matchAll(CORRECTION)].map((m) => m.index));
  const later = all.filter((t) => t.at !== undefined && t.at > corrected);
  return (corrected >= 0 && later.length ? later : all).map((t) => t.time);
}

function clockTimesAt(text: string): { time: [number, number]; at?: number }[] {
  const out: { time: [number, number]; at?: number }[] = [];
  const nightly = /\bnight|\bevening|\bpm\b|\btonight\b/.test(text);
  const add = (h: number, m: number, part?: string, at?: number) => {
    // "at 1am instead of 2am", "not 2am", "从2点改到3点": the replaced time is not a time to run.
    if (
      at !== undefined &&
      /(?:instead of|rather than|\bnot|\bfrom|而不是|不是|从)\s*(?:at\s*)?$/.test(
        text.slice(Math.max(0, at - 16), at),
      )
    )
      return;
    let hour = h;
    if (part && /pm|p\.m\.|下午|傍晚/.test(part) && hour < 12) hour += 12;
    else if (part && /晚|夜里/.test(part) && hour >= 5 && hour < 12) hour += 12;
    else if (part && /晚|夜里|半夜/.test(part) && hour === 12) hour = 0;
    else if (part && /am|a\.m\./.test(part) && hour === 12) hour = 0;
    else if (part === "中午" && hour < 3) hour += 12;
    else if (!part && nightly && hour >= 6 && hour < 12) hour += 12;
    if (hour <= 23 && m <= 59 && !out.some(({ time: [a, b] }) => a === hour && b === m))
      out.push({ time: [hour, m], at });
  };
  for (const m of text.matchAll(
    /(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|半夜|晚)?\s*(\d{1,2})\s*(?:点|:|时)\s*(半|(\d{1,2})\s*分?)?/g,
  )) {
    if (!/点|时/.test(m[0]) && !m[1]) continue; // plain "19:00" is read by the English rule below
    add(Number(m[2]), m[3] === "半" ? 30 : Number(m[4] ?? 0), m[1], m.index);
  }
  for (const m of text.matchAll(
    /(?:\b(?:at|@|by)\s*)?\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|o'clock)?/g,
  )) {
    const explicit = m[2] !== undefined || m[3] !== undefined || /^(?:at|@)/.test(m[0]);
    if (!explicit) continue;
    // "at 2" only counts as a time when nothing else makes the number a count ("at 2 hours").
    if (
      !m[2] &&
      !m[3] &&
      /^\s*(?:hours?|minutes?|mins?|days?|weeks?|months?|gb|tb|%)/.test(text.slice(m.index + m[0].length))
    )
      continue;
    const prev = text.slice(Math.max(0, m.index - 3), m.index);
    if (/[\d/:-]$/.test(prev)) continue;
    // "at 3 in the afternoon", "at 9 at night": the part of the day after the number.
    const later = text.slice(m.index + m[0].length, m.index + m[0].length + 20);
    const part =
      m[3] ??
      (/^\s*(?:in the )?(?:afternoon|evening)|^\s*at night|^\s*tonight/.test(later) ? "pm" : undefined);
    add(Number(m[1]), Number(m[2] ?? 0), part, m.index);
  }
  if (/\bmidnight\b|午夜|半夜12点/.test(text) && !out.length) out.push({ time: [0, 0] });
  if (/\bnoon\b|\bmidday\b|中午(?!\s*\d)/.test(text)) add(12, 0);
  return out;
}

function interval(text: string): { unit: "minute" | "hour" | "day"; n: number } | undefined {
  const days = text.match(/\bevery (\d+) days\b|每(?:隔)?\s*(\d+)\s*天/);
  if (days) return { unit: "day", n: Number(days[1] ?? days[2]) };
  if (/\bevery other day\b|\bevery second day\b|隔天|每隔1天/.test(text)) return { unit: "day", n: 2 };
  let m = text.match(/\bevery (\d+) ?(minutes?|mins?|m)\b|每(?:隔)?\s*(\d+)\s*分钟/);
  if (m) return { unit: "minute", n: Number(m[1] ?? m[3]) };
  if (/\bevery half(?: an)? hour\b|\bhalf-hourly\b|每(?:隔)?半(?:个)?小时/.test(text))
    return { unit: "minute", n: 30 };
  if (/\bevery minute\b|每分钟/.test(text)) return { unit: "minute", n: 1 };
  m = text.match(/\bevery (\d+) ?(hours?|hrs?|h)\b|每(?:隔)?\s*(\d+)\s*(?:个)?\s*(?:小时|钟头)/);
  if (m) return { unit: "hour", n: Number(m[1] ?? m[3]) };
  if (/\bhourly\b|\bevery hour\b|\beach hour\b|每(?:个)?小时|每个钟头/.test(text))
    return { unit: "hour", n: 1 };
  m = text.match(
    /\b(\d+|twice|thrice) (?:times )?(?:a|per|each) day\b|\btwice daily\b|(?:每天|一天|每日|1天)[^，,。；;]{0,24}?(\d+)\s*次/,
  );
  if (m) {
    const times =
      m[1] === "twice" || m[0] === "twice daily" ? 2 : m[1] === "thrice" ? 3 : Number(m[1] ?? m[2]);
    if (times > 1 && 24 % times === 0) return { unit: "hour", n: 24 / times };
  }
  return undefined;
}

interface Calendar {
  dow?: string;
  dom?: string;
  month?: string;
  /** Named a calendar ("daily", "every night", "每天"), which then needs a time. */
  named: boolean;
}

// Retention counts ("4 weekly", "12个每月") name rules, not the calendar: read without them.
const RETENTION_WORDS =
  /\b\d+\s*(?:x\s*)?(?:hourly|hourlies|daily|dailies|weekly|weeklies|monthly|monthlies|yearly|yearlies)\b|\d+\s*(?:个|份)\s*(?:每小时|每日|每天|每周|每月|每年)|\b(?:day|week|month|year)s? of \w+|(?:每小时|每日|每天|每周|每月|每年)(?:的)?(?:备份|快照)?\s*(?:保留|留)\s*\d+/g;

function calendar(full: string): Calendar {
  const text = full.replace(RETENTION_WORDS, " ");
  if (
    /\bweekdays?\b|\bwork ?days?\b|\bbusiness days?\b|\bmon(?:day)?\s*(?:-|to|through|thru)\s*fri(?:day)?\b|工作日|周1(?:到|至|-)周?5|星期1(?:到|至|-)(?:星期)?5/.test(
      text,
    )
  )
    return { dow: "1-5", named: true };
  if (/\bweekends?\b|周末/.test(text)) return { dow: "0,6", named: true };
  // A day name is a calendar when it recurs ("every Monday and Thursday", "on Sundays", "每周一"),
  // not when it names one day ("since Monday", "上周五").
  const days = new Set<number>();
  const DAY =
    "(sunday|monday|tuesday|wednesday|thursday|friday|saturday|sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)";
  for (const m of text.matchAll(new RegExp(`\\b${DAY}(s?)\\b`, "g"))) {
    const before = text.slice(Math.max(0, m.index - 60), m.index);
    const listed = new RegExp(`\\b(?:every|each|on|weekly on)\\s+(?:${DAY}s?\\s*(?:,|and|&|or)\\s*)*$`).test(
      before,
    );
    if (m[2] === "s" || listed) days.add(DOW_EN[m[1]]);
  }
  for (const m of text.matchAll(/(上|下|这|本)?(?:个)?(?:周|星期|礼拜)([1-7日天]+)/g)) {
    if (m[1]) continue;
    // "周135" (每周一三五) lists days; in "周12点" the 2 is the hour, so a run that a clock word
    // follows names its first day only.
    const next = text.slice(m.index + m[0].length);
    const run = /^\s*(?:点|时|:)/.test(next) ? (m[2][0] as string) : m[2];
    for (const d of run) days.add(DOW_ZH[d]);
  }
  if (days.size) return { dow: [...days].sort().join(","), named: true };
  // "every year on January 1", "每年1月1日": a day of a month, once a year.
  if (/\byearly\b|\bannually\b|\bevery year\b|\bonce a year\b|每年/.test(text)) {
    const zh = text.match(/(\d{1,2})\s*月\s*(\d{1,2})?\s*[日号]?/);
    const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    const en = text.match(/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (\d{1,2})/);
    const month = zh ? Number(zh[1]) : en ? MONTHS.indexOf(en[1]) + 1 : 1;
    const day = zh ? Number(zh[2] ?? 1) : en ? Number(en[2]) : 1;
    return { dom: String(day), month: String(month), named: true };
  }
  if (/\bmonthly\b|\bevery month\b|\beach month\b|\bof (?:every|each|the) month\b|每月|每个月/.test(text)) {
    const m = text.match(ordinalDay);
    const day = m?.[1] ?? (m?.[2] ? "1" : undefined) ?? m?.[3] ?? m?.[4] ?? m?.[5];
    return { dom: String(Number(day ?? 1)), named: true };
  }
  if (/\bweekly\b|\bevery week\b|\bonce a week\b|每周|每个?星期|每个?礼拜/.test(text))
    return { dow: "0", named: true };
  const daily =
    /\bdaily\b|\bnightly\b|\bevery (?:day|night|morning|evening|afternoon)\b|\beach (?:day|night)\b|\bonce a day\b|\bper day\b|每天|每日|每晚|每夜|每天晚上|天天/;
  return { named: daily.test(text) };
}

/** Reads the schedule a request gives, or undefined when it gives none. */
export function readSchedule(text: string): ScheduleReading | undefined {
  const cal = calendar(text);
  const every = interval(text);
  const dow = cal.dow ?? "*";
  const times = clockTimes(text);
  if (every?.unit === "day") {
    // "every 2 days at 3am": a calendar of every Nth day of the month, which needs a time.
    if (!times.length) return { missing: "time" };
    return { cron: fromTimes(times, every.n === 1 ? "*" : `*/${every.n}`, dow) };
  }
  const window = every ? hourWindow(text) : undefined;
  if (every && window) {
    // "hourly between 9 and 17", "工作时间每30分钟": the interval runs inside those hours only.
    if (every.unit === "minute")
      return { cron: `${every.n === 1 ? "*" : `*/${every.n}`} ${window} * * ${dow}` };
    return { cron: `0 ${every.n === 1 ? window : `${window}/${every.n}`} * * ${dow}` };
  }
  if (every) {
    if (every.unit === "minute") return { cron: `${every.n === 1 ? "*" : `*/${every.n}`} * * * ${dow}` };
    // "twice a day at 6 and 18": the clock times say when.
    if (times.length > 1 && every.n >= 2) return { cron: fromTimes(times, cal.dom ?? "*", dow) };
    const past = minutePastTheHour(text);
    const minute = past ?? (times.length === 1 && every.n === 1 ? String(times[0][1]) : "0");
    return { cron: `${minute} ${every.n === 1 ? "*" : `*/${every.n}`} * * ${dow}` };
  }
  if (cal.named || cal.dow || cal.dom) {
    if (!times.length) return { missing: "time" };
    return { cron: fromTimes(times, cal.dom ?? "*", dow, cal.month) };
  }
  if (times.length) {
    const [h, m] = times[0];
    return { timeOnly: { minute: String(m), hour: times.map(([x]) => x).join(",") || String(h) } };
  }
  return undefined;
}

/** The hours an interval is limited to, as a cron range ("9-17"), if the request names them. */
function hourWindow(text: string): string | undefined {
  if (/\b(?:business|office|working|work) hours\b|工作时间|上班时间/.test(text)) return "9-17";
  const en = text.match(
    /\b(?:between|from)\s+(\d{1,2})(?::00)?\s*(am|pm)?\s*(?:and|to|until|till|-)\s*(\d{1,2})(?::00)?\s*(am|pm)?/,
  );
  const zh = text.match(
    /(上午|早上|下午|晚上)?\s*(\d{1,2})\s*(?:点|时|:00)?\s*(?:到|至|-|~)\s*(下午|晚上)?\s*(\d{1,2})\s*(?:点|时)/,
  );
  let from: number;
  let to: number;
  if (en) {
    from = Number(en[1]) + (en[2] === "pm" && Number(en[1]) < 12 ? 12 : 0);
    to = Number(en[3]) + (en[4] === "pm" && Number(en[3]) < 12 ? 12 : 0);
  } else if (zh) {
    from = Number(zh[2]) + (/下午|晚上/.test(zh[1] ?? "") && Number(zh[2]) < 12 ? 12 : 0);
    to = Number(zh[4]) + (/下午|晚上/.test(zh[3] ?? zh[1] ?? "") && Number(zh[4]) < 12 ? 12 : 0);
  } else return undefined;
  // "from 9 to 5": the end is in the afternoon.
  if (to <= from && to < 12) to += 12;
  if (from > 23 || to > 23 || to <= from) return undefined;
  return `${from}-${to}`;
}

/** "every hour at :05", "at 10 past every hour", "at minute 20", "每小时第5分钟": the minute of the hour. */
function minutePastTheHour(text: string): string | undefined {
  const m = text.match(
    /\bat :(\d{2})\b|\b(\d{1,2}) (?:minutes? )?past (?:every|each|the) hour\b|\bat minute (\d{1,2})\b|\b(\d{1,2}) minutes? past\b|(?:小时|钟头)(?:的)?第?\s*(\d{1,2})\s*分/,
  );
  const n = m ? Number(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]) : Number.NaN;
  return n >= 0 && n <= 59 ? String(n) : undefined;
}

function fromTimes(times: [number, number][], dom: string, dow: string, month = "*"): string {
  const minutes = new Set(times.map(([, m]) => m));
  // One minute for all hours ("at 6:00 and 18:00"); different minutes keep the first one's.
  const minute = minutes.size === 1 ? String(times[0][1]) : String(times[0][1]);
  const hours = [...new Set(times.map(([h]) => h))].sort((a, b) => a - b).join(",");
  return `${minute} ${hours} ${dom} ${month} ${dow}`;
}

/** Applies a clock time to an existing cron, keeping its calendar. */
export function withTime(cron: string | undefined, t: { minute: string; hour: string }): string {
  const f = (cron ?? "0 0 * * *").trim().split(/\s+/);
  return `${t.minute} ${t.hour} ${f[2] ?? "*"} ${f[3] ?? "*"} ${f[4] ?? "*"}`;
}
