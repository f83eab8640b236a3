// Text normalisation shared by every part of the grammar: full-width forms to ASCII, Chinese and
// English number words to digits, and the language of a request.
import type { Lang } from "./types";

export function detectLang(text: string): Lang {
  return /[\u4e00-\u9fff]/.test(text) ? "zh" : "en";
}

/** Full-width letters, digits and punctuation (ＡＢＣ１２３，？：) to ASCII; ideographic space too. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .replace(/[、]/g, ",")
    .replace(/[。]/g, ".");
}

const ZH_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** "十二" → 12, "二十四" → 24, "一百" → 100; NaN when it is not a numeral. */
export function zhNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in ZH_DIGITS) digit = ZH_DIGITS[ch];
    else if (ch === "十") {
      total += (digit || 1) * 10;
      digit = 0;
    } else if (ch === "百") {
      total += (digit || 1) * 100;
      digit = 0;
    } else return Number.NaN;
  }
  return total + digit;
}

// A Chinese numeral counts as a number only next to a unit or after a word that takes one, so
// "一下" (a moment) and "统一" stay words.
const ZH_NUM = "[零〇一二两三四五六七八九十百]+";
const ZH_UNIT_AFTER = "(?=个|天|日|号|周|星期|礼拜|小时|钟头|分钟|分|点|次|月|年|份|G|T|刻|半)";
const ZH_WORD_BEFORE = "(?<=每|最近|保留|第|近|前|周|星期|礼拜|隔|过去)";

export function zhNumeralsToDigits(text: string): string {
  return text
    .replace(new RegExp(`${ZH_WORD_BEFORE}${ZH_NUM}`, "g"), (m) => String(zhNumber(m)))
    .replace(new RegExp(`${ZH_NUM}${ZH_UNIT_AFTER}`, "g"), (m) => {
      const n = zhNumber(m);
      return Number.isNaN(n) ? m : String(n);
    });
}

const EN_NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  eighteen: 18,
  twenty: 20,
  "twenty-four": 24,
  thirty: 30,
  forty: 40,
  "forty-eight": 48,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  hundred: 100,
  dozen: 12,
};

/** English number words to digits ("seven daily" → "7 daily"); "a couple of" → 2. */
export function enNumeralsToDigits(text: string): string {
  return text
    .replace(/\ba couple of\b/gi, "2")
    .replace(/\ba dozen\b/gi, "12")
    .replace(
      /\b(twenty|thirty|forty|fifty)[- ](one|two|three|four|five|six|seven|eight|nine)\b/gi,
      (_m, tens: string, ones: string) =>
        String(EN_NUMBERS[tens.toLowerCase()] + EN_NUMBERS[ones.toLowerCase()]),
    )
    .replace(new RegExp(`\\b(${Object.keys(EN_NUMBERS).join("|")})\\b`, "gi"), (m) =>
      String(EN_NUMBERS[m.toLowerCase()]),
    );
}

/**
 * The form every grammar rule reads: half-width, lower case, numerals as digits, single spaces.
 * Offsets are not preserved; entity spans are found on this same form.
 */
export function normalise(text: string): string {
  return enNumeralsToDigits(zhNumeralsToDigits(toHalfWidth(text)))
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}
