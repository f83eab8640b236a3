// Words for drafted actions, shared by the chat panel's cards: a schedule in words (cronstrue),
// its next runs in the policy's zone (croner), and a retention as a sentence.
import { Cron } from "croner";
import cronstrue from "cronstrue";
import { retentionInWords } from "@/lib/policy-words";

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

/** The retention as a sentence for a card: "Keep last 7, 4 weekly". */
export function retentionSentence(retention: Record<string, unknown> | undefined): string {
  const words = retentionInWords(retention);
  return words ? `Keep ${words}` : "No retention rule";
}
