"use client";
// "Declare incident": which assets (or the host they live on), when it happened (in the viewer's
// own zone, sent as an instant) and why. The result is a saved draft plan, opened at once.
import { Siren } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { type Action, runAction } from "@/components/ui/run-action";
import { useTimeZone } from "@/components/ui/time";

export interface DeclareIncidentInput {
  assets?: string[];
  host?: string;
  before?: string;
  reason?: string;
  databasesFirst?: boolean;
}

export function DeclareIncident({
  action,
  assets,
}: {
  action: Action<DeclareIncidentInput, { id: string }>;
  assets: { id: string; name: string; kind: "directory" | "postgres"; host: string | null }[];
}) {
  const id = useId();
  const router = useRouter();
  const zone = useTimeZone();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [host, setHost] = useState("");
  const [when, setWhen] = useState("");
  const [reason, setReason] = useState("");
  const [databasesFirst, setDatabasesFirst] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function submit() {
    setError(null);
    start(async () => {
      // datetime-local has no zone: the browser reads it in the viewer's own zone.
      const before = when ? new Date(when).toISOString() : undefined;
      const result = await runAction(
        action({
          assets: chosen.size ? [...chosen] : undefined,
          host: host.trim() || undefined,
          before,
          reason: reason.trim() || undefined,
          databasesFirst,
        }),
        "Recovery plan saved",
      );
      if (!result.ok) return setError(result.error.message);
      router.push(`/recovery/${result.data.id}`);
    });
  }

  return (
    <form
      aria-label="Declare incident"
      className="flex flex-col gap-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h2 className="text-lg font-semibold">Declare incident</h2>
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium text-slate-700">Affected assets</legend>
        <p className="text-xs text-slate-500">None ticked and no host: every asset.</p>
        <div className="flex flex-wrap gap-x-4 gap-y-2">
          {assets.map((a) => (
            <label key={a.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                aria-label={a.name}
                className="size-4 accent-sky-700"
                checked={chosen.has(a.name)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(a.name);
                  else next.delete(a.name);
                  setChosen(next);
                }}
              />
              <span>{a.name}</span>
              <span aria-hidden="true" className="text-xs text-slate-500">
                {a.kind === "postgres" ? "database" : "folder"}
                {a.host ? ` · ${a.host}` : ""}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id={`${id}-host`}
          label="Host (optional)"
          hint="Every asset bound to this host, e.g. web-1."
          value={host}
          onChange={(e) => setHost(e.target.value)}
        />
        <Field
          id={`${id}-time`}
          label="Incident time"
          type="datetime-local"
          step={1}
          hint={`In your time zone (${zone}); restore points at or before it. Empty: now.`}
          value={when}
          onChange={(e) => setWhen(e.target.value)}
        />
      </div>
      <Field
        id={`${id}-reason`}
        label="Reason"
        placeholder="orders was corrupted at 14:05"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="size-4 accent-sky-700"
          checked={databasesFirst}
          onChange={(e) => setDatabasesFirst(e.target.checked)}
        />
        Databases before files (folders wait until the databases are restored)
      </label>
      <FormError message={error} />
      <div>
        <Button type="submit" disabled={pending}>
          <Siren aria-hidden="true" className="size-4" />
          Plan recovery
        </Button>
      </div>
    </form>
  );
}
