"use client";
// The schedule part of the policy form: presets (hourly, daily at, weekly on) or a custom
// five-field cron, the cron in words (cronstrue) and the next five runs in the policy's time zone
// (croner, the scheduler's own library), so what is saved is what the user read.
import { Cron } from "croner";
import cronstrue from "cronstrue";
import { useMemo, useState } from "react";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { formatDateTime } from "@/components/ui/time";

type Preset = "hourly" | "daily" | "weekly" | "custom";
const weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export interface ScheduleState {
  preset: Preset;
  minute: string;
  time: string;
  weekday: string;
  custom: string;
}

export function parseSchedule(cron: string | undefined): ScheduleState {
  const base: ScheduleState = {
    preset: "daily",
    minute: "0",
    time: "02:00",
    weekday: "0",
    custom: cron ?? "0 2 * * *",
  };
  if (!cron) return base;
  const pad = (n: string) => n.padStart(2, "0");
  let m = /^(\d{1,2}) \* \* \* \*$/.exec(cron);
  if (m) return { ...base, preset: "hourly", minute: m[1] as string };
  m = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(cron);
  if (m) return { ...base, preset: "daily", time: `${pad(m[2] as string)}:${pad(m[1] as string)}` };
  m = /^(\d{1,2}) (\d{1,2}) \* \* ([0-6])$/.exec(cron);
  if (m)
    return {
      ...base,
      preset: "weekly",
      time: `${pad(m[2] as string)}:${pad(m[1] as string)}`,
      weekday: m[3] as string,
    };
  return { ...base, preset: "custom" };
}

export function cronOf(s: ScheduleState): string {
  const [h, min] = s.time.split(":").map((x) => Number(x));
  switch (s.preset) {
    case "hourly":
      return `${Number(s.minute) || 0} * * * *`;
    case "daily":
      return `${min ?? 0} ${h ?? 0} * * *`;
    case "weekly":
      return `${min ?? 0} ${h ?? 0} * * ${s.weekday}`;
    default:
      return s.custom.trim();
  }
}

export function describeSchedule(
  cron: string,
  timezone: string,
): { words: string; next: string[]; problem: string | null } {
  try {
    const job = new Cron(cron, { paused: true, timezone, mode: "5-part" });
    const next = job.nextRuns(5).map((d) => formatDateTime(d, timezone));
    const words = cronstrue.toString(cron, { use24HourTimeFormat: true, verbose: false });
    return { words: `${words} (${timezone})`, next, problem: null };
  } catch (error) {
    return { words: "", next: [], problem: (error as Error).message.replace(/^CronPattern:\s*/, "") };
  }
}

export function ScheduleFields({
  initial,
  timezone,
  onChange,
}: {
  initial?: string;
  timezone: string;
  onChange: (cron: string) => void;
}) {
  const [state, setState] = useState(() => parseSchedule(initial));
  const cron = cronOf(state);
  const info = useMemo(() => describeSchedule(cron, timezone), [cron, timezone]);
  const update = (patch: Partial<ScheduleState>) => {
    const next = { ...state, ...patch };
    setState(next);
    onChange(cronOf(next));
  };
  return (
    <fieldset className="flex flex-col gap-3 rounded-lg border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium text-slate-700">Schedule</legend>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Select
          id="policy-preset"
          label="Repeat"
          value={state.preset}
          onValueChange={(v) => update({ preset: v as Preset, custom: v === "custom" ? cron : state.custom })}
          options={[
            { value: "hourly", label: "Every hour" },
            { value: "daily", label: "Every day" },
            { value: "weekly", label: "Every week" },
            { value: "custom", label: "Custom (cron)" },
          ]}
        />
        {state.preset === "hourly" ? (
          <Field
            label="Minute past the hour"
            id="policy-minute"
            type="number"
            min={0}
            max={59}
            value={state.minute}
            onChange={(e) => update({ minute: e.target.value })}
          />
        ) : null}
        {state.preset === "weekly" ? (
          <Select
            id="policy-weekday"
            label="On"
            value={state.weekday}
            onValueChange={(v) => update({ weekday: v })}
            options={weekdays.map((d, i) => ({ value: String(i), label: d }))}
          />
        ) : null}
        {state.preset === "daily" || state.preset === "weekly" ? (
          <Field
            label="At"
            id="policy-time"
            type="time"
            value={state.time}
            onChange={(e) => update({ time: e.target.value })}
          />
        ) : null}
        {state.preset === "custom" ? (
          <Field
            label="Cron (minute hour day month weekday)"
            id="policy-cron"
            value={state.custom}
            spellCheck={false}
            onChange={(e) => update({ custom: e.target.value })}
          />
        ) : null}
      </div>
      <div aria-live="polite" className="text-sm">
        {info.problem ? (
          <p className="text-red-800">
            “{cron}” is not a valid schedule: {info.problem}
          </p>
        ) : (
          <>
            <p>
              <span className="font-mono text-xs text-slate-500">{cron}</span> · {info.words}
            </p>
            <p className="mt-1 text-slate-600">Next runs:</p>
            <ol aria-label="Next five runs" className="list-inside list-decimal text-slate-600 tabular-nums">
              {info.next.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ol>
          </>
        )}
      </div>
    </fieldset>
  );
}
