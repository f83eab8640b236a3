"use client";
// Create and edit a policy in one form: assets, schedule, time zone, retention, repository,
// backup window and RPO. The server validates everything again and its reason is shown here.
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError } from "@/components/ui/field";
import type { Action } from "@/components/ui/run-action";
import { Select } from "@/components/ui/select";
import { useTimeZone } from "@/components/ui/time";
import { ScheduleFields } from "./schedule-fields";

export interface Retention {
  keepLast?: number;
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
  withinDays?: number;
}

export interface PolicyValues {
  id?: string;
  name: string;
  assets: string[];
  schedule: string;
  timezone: string;
  retention: Retention;
  repository?: string;
  windowStart: string | null;
  windowEnd: string | null;
  rpoHours: number | null;
  enabled: boolean;
}

const retentionFields: { key: keyof Retention; label: string }[] = [
  { key: "keepLast", label: "Keep last" },
  { key: "hourly", label: "Hourly" },
  { key: "daily", label: "Daily" },
  { key: "weekly", label: "Weekly" },
  { key: "monthly", label: "Monthly" },
  { key: "yearly", label: "Yearly" },
  { key: "withinDays", label: "All within (days)" },
];

const DEFAULT_REPO = "default";
const num = (v: FormDataEntryValue | null) => (String(v ?? "").trim() === "" ? undefined : Number(v));

export function PolicyFormDialog({
  trigger,
  title,
  initial,
  assets,
  repositories,
  action,
}: {
  trigger: ReactNode;
  title: string;
  initial?: PolicyValues;
  assets: { id: string; name: string }[];
  repositories: { id: string; name: string; isDefault: boolean }[];
  action: Action<PolicyValues & { policy?: string }, { id: string; name: string }>;
}) {
  const router = useRouter();
  const viewerZone = useTimeZone();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const [schedule, setSchedule] = useState(initial?.schedule ?? "0 2 * * *");
  const [timezone, setTimezone] = useState(initial?.timezone ?? "");
  const zone = timezone || viewerZone;
  const [repository, setRepository] = useState(initial?.repository ?? DEFAULT_REPO);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const retention: Retention = {};
    for (const f of retentionFields) {
      const v = num(form.get(f.key));
      if (v !== undefined) retention[f.key] = v;
    }
    const values: PolicyValues & { policy?: string } = {
      ...(initial?.id ? { policy: initial.id } : {}),
      name: String(form.get("name") ?? ""),
      assets: form.getAll("assets").map(String),
      schedule,
      timezone: zone,
      retention,
      ...(repository !== DEFAULT_REPO ? { repository } : {}),
      windowStart: String(form.get("windowStart") ?? "") || null,
      windowEnd: String(form.get("windowEnd") ?? "") || null,
      rpoHours: num(form.get("rpoHours")) ?? null,
      enabled: form.get("enabled") === "on",
    };
    start(async () => {
      const result = await action(values);
      if (!result.ok) return setError(result.error.message);
      setError(null);
      setOpen(false);
      toast.success(`Policy ${result.data.name} saved`);
      router.refresh();
    });
  }

  const r = initial?.retention ?? { daily: 7, weekly: 4 };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
      title={title}
      description="Which assets are backed up when, where to, and how long restore points are kept."
      trigger={trigger}
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        <Field
          label="Name"
          id="policy-name"
          name="name"
          defaultValue={initial?.name}
          required
          autoComplete="off"
        />
        <fieldset className="rounded-lg border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-700">Assets</legend>
          {assets.length === 0 ? (
            <p className="text-sm text-slate-600">Add an asset in the inventory first.</p>
          ) : (
            <div className="grid grid-cols-1 gap-1 sm:grid-cols-2">
              {assets.map((a) => (
                <label key={a.id} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="assets"
                    value={a.id}
                    defaultChecked={initial?.assets.includes(a.id)}
                    className="size-4 accent-sky-700"
                  />
                  {a.name}
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <ScheduleFields initial={initial?.schedule} timezone={zone} onChange={setSchedule} />
        <Field
          label="Time zone"
          id="policy-timezone"
          value={zone}
          onChange={(e) => setTimezone(e.target.value)}
          list="policy-zones"
          hint="IANA name, e.g. Europe/Berlin; the schedule and window are in this zone."
        />
        <datalist id="policy-zones">
          {Intl.supportedValuesOf("timeZone").map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <fieldset className="rounded-lg border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-700">Keep restore points</legend>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {retentionFields.map((f) => (
              <Field
                key={f.key}
                label={f.label}
                id={`policy-keep-${f.key}`}
                name={f.key}
                type="number"
                min={1}
                defaultValue={r[f.key]}
              />
            ))}
          </div>
        </fieldset>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Select
            id="policy-repository"
            label="Repository"
            value={repository}
            onValueChange={setRepository}
            options={[
              { value: DEFAULT_REPO, label: "Default repository" },
              ...repositories.map((x) => ({
                value: x.id,
                label: `${x.name}${x.isDefault ? " (default)" : ""}`,
              })),
            ]}
          />
          <Field
            label="RPO (hours)"
            id="policy-rpo"
            name="rpoHours"
            type="number"
            min={1}
            defaultValue={initial?.rpoHours ?? undefined}
            hint="Newest restore point older than this: at risk."
          />
          <Field
            label="Window start"
            id="policy-window-start"
            name="windowStart"
            type="time"
            defaultValue={initial?.windowStart ?? ""}
          />
          <Field
            label="Window end"
            id="policy-window-end"
            name="windowEnd"
            type="time"
            defaultValue={initial?.windowEnd ?? ""}
          />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="enabled"
            defaultChecked={initial?.enabled ?? true}
            className="size-4 accent-sky-700"
          />
          Enabled (runs on its schedule)
        </label>
        <FormError message={error} />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save policy"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
