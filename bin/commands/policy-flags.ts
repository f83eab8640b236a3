// The flags `policy create` and `policy update` share, turned into service input. Only the shape
// of each flag is checked here (numbers, 30d, 01:00-05:00); what the values mean (a valid cron, a
// known zone, at least one retention rule) is the service's to judge, with the same messages as
// the dashboard.
import { FlagError } from "./define";

export const policyFlagOptions = {
  name: { type: "string" },
  assets: { type: "string", multiple: true },
  schedule: { type: "string" },
  tz: { type: "string" },
  repository: { type: "string" },
  "keep-last": { type: "string" },
  "keep-hourly": { type: "string" },
  "keep-daily": { type: "string" },
  "keep-weekly": { type: "string" },
  "keep-monthly": { type: "string" },
  "keep-yearly": { type: "string" },
  "keep-within": { type: "string" },
  window: { type: "string" },
  "rpo-hours": { type: "string" },
  "drill-schedule": { type: "string" },
  disabled: { type: "boolean" },
} as const;

export const policyFlagsUsage =
  "  --assets A[,B…]       asset names, paths or database names\n" +
  '  --schedule CRON       five-field cron, e.g. "0 2 * * *"\n' +
  "  --tz ZONE             IANA time zone of the schedule and window (default UTC)\n" +
  "  --repository R        where restore points go (default: the default repository)\n" +
  "  --keep-last N --keep-hourly N --keep-daily N --keep-weekly N --keep-monthly N --keep-yearly N\n" +
  "  --keep-within 30d     retention; at least one rule\n" +
  "  --window 01:00-05:00  runs start only inside this daily window; otherwise they are missed\n" +
  "  --rpo-hours N         alert when the newest restore point is older than this\n" +
  '  --drill-schedule CRON|off  verification drills (default weekly, "0 4 * * 0")\n';

export type PolicyFlags = {
  [K in keyof typeof policyFlagOptions]?: (typeof policyFlagOptions)[K] extends { type: "boolean" }
    ? boolean
    : (typeof policyFlagOptions)[K] extends { multiple: true }
      ? string[]
      : string;
};

export { FlagError } from "./define";

function whole(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new FlagError(`--${flag} takes a whole number, got "${value}"`);
  return Number(value);
}

const retentionFlags = {
  keepLast: "keep-last",
  hourly: "keep-hourly",
  daily: "keep-daily",
  weekly: "keep-weekly",
  monthly: "keep-monthly",
  yearly: "keep-yearly",
} as const;

/** The service input the given flags describe; flags not given are left out (for update). */
export function policyInputFromFlags(values: PolicyFlags) {
  const input: Record<string, unknown> = {};
  if (values.name !== undefined) input.name = values.name;
  if (values.assets)
    input.assets = values.assets
      .flatMap((a) => a.split(","))
      .map((a) => a.trim())
      .filter(Boolean);
  if (values.schedule !== undefined) input.schedule = values.schedule;
  if (values.tz !== undefined) input.timezone = values.tz;
  if (values.repository !== undefined) input.repository = values.repository;
  const retention: Record<string, number> = {};
  for (const [key, flag] of Object.entries(retentionFlags)) {
    const n = whole(flag, values[flag]);
    if (n !== undefined) retention[key] = n;
  }
  if (values["keep-within"] !== undefined) {
    const m = /^(\d+)d$/.exec(values["keep-within"].trim());
    if (!m) throw new FlagError(`--keep-within takes days such as 30d, got "${values["keep-within"]}"`);
    retention.withinDays = Number(m[1]);
  }
  if (Object.keys(retention).length > 0) input.retention = retention;
  if (values.window !== undefined) {
    if (values.window === "off") Object.assign(input, { windowStart: null, windowEnd: null });
    else {
      const m = /^\s*(\S+)\s*-\s*(\S+)\s*$/.exec(values.window);
      if (!m) throw new FlagError(`--window takes HH:MM-HH:MM such as 01:00-05:00, got "${values.window}"`);
      Object.assign(input, { windowStart: m[1], windowEnd: m[2] });
    }
  }
  const rpo = whole("rpo-hours", values["rpo-hours"]);
  if (rpo !== undefined) input.rpoHours = rpo;
  if (values["drill-schedule"] !== undefined) {
    input.drillSchedule = values["drill-schedule"] === "off" ? null : values["drill-schedule"];
  }
  return input;
}
