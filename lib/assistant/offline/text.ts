// Text normalisation shared by every part of the grammar: full-width forms to ASCII, Chinese and
// English number words to digits, and the language of a request.
import type { Lang } from "./types";

export function detectLang(text: string): Lang {
  return /[\u4e00-\u9fff]/.test(text) ? "zh" : "en";
}

// Traditional characters the grammar's Chinese words use, to their simplified forms, so 還原、備份、
// 資料庫 read as 还原、备份、资料库 do.
const TRADITIONAL =
  "備還復資產數據庫個時點週與將為們麼嗎樣題錯誤敗驗證刪設覽狀態況務執啟動開關閉暫後從鐘頭檔尋單顯蓋護類錄夾網風險儲間診斷計劃災難機臺議薦應該優這裡裏來說請幫煩謝號兩禮層內舊遠運轉換調變滾續則規進處當於會讓給對沒無異歷現幾隻準確認實際壞損擋統銷";
const SIMPLIFIED =
  "备还复资产数据库个时点周与将为们么吗样题错误败验证删设览状态况务执启动开关闭暂后从钟头档寻单显盖护类录夹网风险储间诊断计划灾难机台议荐应该优这里里来说请帮烦谢号两礼层内旧远运转换调变滚续则规进处当于会让给对没无异历现几只准确认实际坏损挡统销";

export function toSimplified(text: string): string {
  return text
    .replace(/[\u4e00-\u9fff]/g, (c) => {
      const i = TRADITIONAL.indexOf(c);
      return i < 0 ? c : SIMPLIFIED[i];
    })
    .replace(/资料库/g, "数据库");
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
  return (
    text
      // "每周一三五": a list of weekdays, digit by digit (not the number 135, nor 一三五 read as 5).
      .replace(/(?<=(?:周|星期|礼拜))[一二三四五六七日天]{2,}(?![点时:十百])/g, (m) =>
        [...m]
          .map((c) => (c === "日" || c === "天" ? "7" : String(ZH_DIGITS[c] ?? (c === "七" ? 7 : c))))
          .join(""),
      )
      .replace(new RegExp(`${ZH_WORD_BEFORE}${ZH_NUM}`, "g"), (m) => String(zhNumber(m)))
      .replace(new RegExp(`${ZH_NUM}${ZH_UNIT_AFTER}`, "g"), (m) => {
        const n = zhNumber(m);
        return Number.isNaN(n) ? m : String(n);
      })
  );
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
  return enNumeralsToDigits(zhNumeralsToDigits(toSimplified(toHalfWidth(text))))
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}
