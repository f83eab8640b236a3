// A policy's schedule and retention in English words, one wording for every place that shows
// them (the policies page, chat cards, the terminal, the advisor). Pure and browser-safe.
// The offline planner's answers keep their own bilingual wording (lib/assistant/offline).
import cronstrue from "cronstrue";

export interface RetentionCounts {
  keepLast?: number | null;
  hourly?: number | null;
  daily?: number | null;
  weekly?: number | null;
  monthly?: number | null;
  yearly?: number | null;
  withinDays?: number | null;
}

const retentionWords: [keyof RetentionCounts, (n: number) => string][] = [
  ["keepLast", (n) => `last ${n}`],
  ["hourly", (n) => `${n} hourly`],
  ["daily", (n) => `${n} daily`],
  ["weekly", (n) => `${n} weekly`],
  ["monthly", (n) => `${n} monthly`],
  ["yearly", (n) => `${n} yearly`],
  ["withinDays", (n) => `all within ${n} day${n === 1 ? "" : "s"}`],
];

/** "last 5, 7 daily, 4 weekly"; "" when no rule is set. */
export function retentionInWords(retention: RetentionCounts | Record<string, unknown> | undefined): string {
  const r = (retention ?? {}) as Record<string, unknown>;
  return retentionWords
    .filter(([key]) => typeof r[key] === "number" && (r[key] as number) > 0)
    .map(([key, words]) => words(r[key] as number))
    .join(", ");
}

/** "At 02:00"; the cron itself when cronstrue cannot read it. */
export function cronInWords(cron: string): string {
  try {
    return cronstrue.toString(cron, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return cron;
  }
}
