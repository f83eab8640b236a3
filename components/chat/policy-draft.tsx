"use client";
// A drafted createPolicy or updatePolicy: the schedule in words and its next runs in the policy's
// zone (the user's), the retention, and fields to correct the draft before approving it.
import type { Dispatch, SetStateAction } from "react";
import { nextRuns, retentionSentence, scheduleInWords } from "@/lib/assistant/describe-draft";

type Input = Record<string, unknown>;
const RETENTION_KEYS = ["keepLast", "hourly", "daily", "weekly", "monthly", "yearly", "withinDays"] as const;

export function PolicyDraft({
  input,
  setInput,
  editable,
  timeZone,
}: {
  input: Input;
  setInput: Dispatch<SetStateAction<Input>>;
  editable: boolean;
  timeZone: string;
}) {
  const schedule = typeof input.schedule === "string" ? input.schedule : "";
  const retention = (input.retention ?? {}) as Record<string, number | undefined>;
  const runs = schedule ? nextRuns(schedule, timeZone) : [];
  return (
    <div className="space-y-2 text-sm">
      <dl className="grid grid-cols-[7rem_1fr] gap-x-2 gap-y-1">
        {"name" in input || editable ? <dt className="text-slate-600">Name</dt> : null}
        {"name" in input || editable ? (
          <dd>
            {editable ? (
              <input
                aria-label="Policy name"
                className="w-full rounded border border-slate-300 px-1"
                value={String(input.name ?? input.policy ?? "")}
                onChange={(e) => setInput((v) => ("policy" in v ? v : { ...v, name: e.target.value }))}
                readOnly={"policy" in input}
              />
            ) : (
              String(input.name ?? input.policy ?? "")
            )}
          </dd>
        ) : null}
        {Array.isArray(input.assets) ? (
          <>
            <dt className="text-slate-600">Assets</dt>
            <dd>{(input.assets as string[]).join(", ")}</dd>
          </>
        ) : null}
        {schedule ? (
          <>
            <dt className="text-slate-600">Schedule</dt>
            <dd>
              {editable ? (
                <input
                  aria-label="Schedule (cron)"
                  className="w-full rounded border border-slate-300 px-1 font-mono"
                  value={schedule}
                  onChange={(e) => setInput((v) => ({ ...v, schedule: e.target.value }))}
                />
              ) : (
                <code>{schedule}</code>
              )}
              <span className="block">{scheduleInWords(schedule)}</span>
            </dd>
            <dt className="text-slate-600">Next runs</dt>
            <dd>
              <ul>
                {runs.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
              <span className="text-xs text-slate-500">{timeZone}</span>
            </dd>
          </>
        ) : null}
        {input.retention ? (
          <>
            <dt className="text-slate-600">Retention</dt>
            <dd>
              {retentionSentence(retention)}
              {editable ? (
                <div className="mt-1 grid grid-cols-2 gap-1">
                  {RETENTION_KEYS.map((key) => (
                    <label key={key} className="flex items-center justify-between gap-1 text-xs">
                      {key}
                      <input
                        type="number"
                        min={1}
                        className="w-14 rounded border border-slate-300 px-1 text-right"
                        value={retention[key] ?? ""}
                        onChange={(e) =>
                          setInput((v) => {
                            const next = { ...((v.retention ?? {}) as Record<string, number>) };
                            const n = Number.parseInt(e.target.value, 10);
                            if (Number.isFinite(n) && n > 0) next[key] = n;
                            else delete next[key];
                            return { ...v, retention: next };
                          })
                        }
                      />
                    </label>
                  ))}
                </div>
              ) : null}
            </dd>
          </>
        ) : null}
        {"enabled" in input ? (
          <>
            <dt className="text-slate-600">Enabled</dt>
            <dd>{input.enabled ? "yes" : "no"}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
