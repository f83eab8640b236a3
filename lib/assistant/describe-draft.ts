// Words for drafted actions, shared by the chat panel's cards: a schedule in words (cronstrue),
// its next runs in the policy's zone (croner), and a retention as a sentence.
import { Cron } from "croner";
import cronstrue from "cronstrue";

export function scheduleInWords(schedule: string): string {
  try {
    return cronstrue.toString(schedule, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return `not a valid schedule (${schedule})`;
  }
}

export function nextRuns(schedule: string, timeZone: string, count = 3): string[] {
  try {
    const cron = new Cron(schedule, { timezone: timeZone, paused: true });
    const format = new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: "short",
      dateStyle: undefined,
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
    return cron.nextRuns(count).map((d) => format.format(d));
  } catch {
    return [];
  }
}

const RETENTION_WORDS: Record<string, (n: number) => string> = {
  keepLast: (n) => `the last ${n}`,
  hourly: (n) => `${n} hourly`,
  daily: (n) => `${n} daily`,
  weekly: (n) => `${n} weekly`,
  monthly: (n) => `${n} monthly`,
  yearly: (n) => `${n} yearly`,
  withinDays: (n) => `everything from the last ${n} day${n === 1 ? "" : "s"}`,
};

export function retentionInWords(retention: Record<string, unknown> | undefined): string {
  const parts = Object.entries(retention ?? {})
    .filter(([k, v]) => typeof v === "number" && RETENTION_WORDS[k])
    .map(([k, v]) => RETENTION_WORDS[k]?.(v as number));
  return parts.length ? `Keep ${parts.join(", ")}` : "No retention rule";
}
