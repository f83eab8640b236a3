"use client";
// "Send weekly report": the protection report of the last complete week goes to every enabled
// webhook on the chosen weekday and time (in the chosen zone), once per week.
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import type { Action } from "@/components/ui/run-action";
import { Select } from "@/components/ui/select";
import { useTimeZone } from "@/components/ui/time";

export interface ScheduleValue {
  enabled: boolean;
  period: "day" | "week" | "month";
  weekday: number;
  time: string;
  timezone: string;
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function ReportScheduleForm({
  schedule,
  configured,
  action,
}: {
  schedule: ScheduleValue;
  /** False until an admin saved one: the zone then defaults to the browser's. */
  configured: boolean;
  action: Action<ScheduleValue, ScheduleValue>;
}) {
  const router = useRouter();
  const zone = useTimeZone();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    start(async () => {
      const result = await action({
        enabled: form.get("enabled") === "on",
        period: "week",
        weekday: Number(form.get("weekday") ?? 0),
        time: String(form.get("time") ?? "08:00"),
        timezone: String(form.get("timezone") ?? "UTC"),
      });
      if (!result.ok) return setError(result.error.message);
      setError(null);
      toast.success(result.data.enabled ? "Weekly report scheduled" : "Weekly report turned off");
      router.refresh();
    });
  }
  return (
    <form
      onSubmit={submit}
      aria-label="Weekly report"
      className="mt-6 flex flex-col gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <div>
        <h2 className="text-base font-semibold">Weekly report</h2>
        <p className="text-sm text-slate-600">
          The protection report of the last complete week (Monday to Sunday) as a “report” event to every
          enabled webhook, once a week.
        </p>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="enabled"
          defaultChecked={schedule.enabled}
          className="size-4 accent-sky-700"
        />
        Send weekly report
      </label>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Select
          id="report-weekday"
          label="Day"
          name="weekday"
          defaultValue={String(schedule.weekday)}
          options={WEEKDAYS.map((d, i) => ({ value: String(i), label: d }))}
        />
        <Field label="Time" id="report-time" name="time" type="time" required defaultValue={schedule.time} />
        <Field
          label="Time zone"
          id="report-timezone"
          name="timezone"
          required
          defaultValue={configured ? schedule.timezone : zone}
          key={configured ? "saved" : zone}
        />
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          Save schedule
        </Button>
      </div>
      <FormError message={error} />
    </form>
  );
}
