"use client";
// Create and edit a policy in one form: assets, schedule, time zone, retention, repository,
// backup window and RPO. The server validates everything again and its reason is shown here.
// "Suggest" asks the advisor about the first chosen asset (with the form's RPO and window) and
// fills the schedule and retention from its recommendation; the fields stay editable.
import { Sparkles } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError } from "@/components/ui/field";
import type { Action } from "@/components/ui/run-action";
import { Select } from "@/components/ui/select";
import { useTimeZone } from "@/components/ui/time";
import type { PolicySuggestion, SuggestPolicyInput } from "@/lib/services/advisor";
import { ScheduleFields } from "./schedule-fields";
import { SuggestionView } from "./suggestion";

export type SuggestAction = Action<SuggestPolicyInput, PolicySuggestion>;
type Preference = NonNullable<SuggestPolicyInput["preference"]>;

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
  suggestAction,
}: {
  trigger: ReactNode;
  title: string;
  initial?: PolicyValues;
  assets: { id: string; name: string }[];
  repositories: { id: string; name: string; isDefault: boolean }[];
  action: Action<PolicyValues & { policy?: string }, { id: string; name: string }>;
  suggestAction?: SuggestAction;
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
  const formRef = useRef<HTMLFormElement>(null);
  const [chosen, setChosen] = useState<string[]>(initial?.assets ?? []);
  const [preference, setPreference] = useState<Preference>("balanced");
  const [suggestion, setSuggestion] = useState<PolicySuggestion | null>(null);
  const [suggesting, startSuggest] = useTransition();
  // Filled values remount the schedule and retention fields (they keep their own state).
  const [filled, setFilled] = useState<{ n: number; schedule?: string; retention?: Retention }>({ n: 0 });

  function suggest() {
    const form = formRef.current ? new FormData(formRef.current) : new FormData();
    const start = String(form.get("windowStart") ?? "");
    const end = String(form.get("windowEnd") ?? "");
    const input: SuggestPolicyInput = {
      asset: chosen[0] ?? "",
      preference,
      rpoHours: num(form.get("rpoHours")),
      ...(start && end ? { window: `${start}-${end}` } : {}),
    };
    startSuggest(async () => {
      const result = await suggestAction?.(input);
      if (!result) return;
      if (!result.ok) return setError(result.error.message);
      setError(null);
      setSuggestion(result.data);
      if (result.data.feasible) {
        const { cron, retention } = result.data.plan;
        setSchedule(cron);
        setFilled((f) => ({ n: f.n + 1, schedule: cron, retention }));
      }
    });
  }

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

  const r = filled.retention ?? initial?.retention ?? { daily: 7, weekly: 4 };
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
      <form ref={formRef} onSubmit={submit} className="flex flex-col gap-4">
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
                    checked={chosen.includes(a.id)}
                    onChange={(e) =>
                      setChosen((c) => (e.target.checked ? [...c, a.id] : c.filter((x) => x !== a.id)))
                    }
                    className="size-4 accent-sky-700"
                  />
                  {a.name}
                </label>
              ))}
            </div>
          )}
        </fieldset>
        {suggestAction ? (
          <div className="flex flex-col gap-3 rounded-lg border border-slate-200 p-3">
            <div className="flex flex-wrap items-end gap-3">
              <Select
                id="policy-preference"
                label="Trade-off"
                value={preference}
                onValueChange={(v) => setPreference(v as Preference)}
                options={[
                  { value: "cheaper", label: "Cheaper (less storage and run time)" },
                  { value: "balanced", label: "Balanced" },
                  { value: "safer", label: "Safer (less data at risk)" },
                ]}
              />
              <Button
                type="button"
                variant="secondary"
                disabled={chosen.length === 0 || suggesting}
                onClick={suggest}
              >
                <Sparkles aria-hidden="true" className="size-4" />
                {suggesting ? "Suggesting…" : "Suggest"}
              </Button>
            </div>
            <p className="text-xs text-slate-600">
              {chosen.length === 0
                ? "Choose an asset to get a schedule and retention from its measured history."
                : `From the measured history of ${assets.find((a) => a.id === chosen[0])?.name ?? "the first asset"}, under the RPO and window below.`}
            </p>
            {suggestion ? <SuggestionView result={suggestion} /> : null}
          </div>
        ) : null}
        <ScheduleFields
          key={`schedule-${filled.n}`}
          initial={filled.schedule ?? initial?.schedule}
          timezone={zone}
          onChange={setSchedule}
        />
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
                key={`${f.key}-${filled.n}`}
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
