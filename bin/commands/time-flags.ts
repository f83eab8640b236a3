// --at, --before and --after as people and restic users write them: ISO-8601 or words
// ("yesterday 14:00", "2 hours ago"), read in --tz or the machine's zone (lib/natural-time.ts).
import { parseTime, TimeParseError } from "@/lib/natural-time";
import { FlagError } from "./define";

export const TIME_USAGE =
  '  Times (--at, --before, --after) are ISO-8601 or words such as "yesterday 14:00" or "2 hours ago",\n' +
  "  read in --tz ZONE (an IANA name) or this machine's zone.\n";

/** The instant a time flag names, or undefined when it is not given. */
export function timeFlag(values: { tz?: string } & Record<string, unknown>, name: string): Date | undefined {
  const text = values[name];
  if (typeof text !== "string") return undefined;
  try {
    return parseTime(text, { timeZone: values.tz });
  } catch (error) {
    if (error instanceof TimeParseError) throw new FlagError(`--${name}: ${error.message}`);
    throw error;
  }
}
