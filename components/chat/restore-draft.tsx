"use client";
// A drafted restore: which restore point, the target in full (or where a new copy goes), and an
// overwrite in red. The target may be corrected before approving.
import { type Dispatch, type SetStateAction, useEffect, useState } from "react";
import { formatDuration, formatRate } from "@/components/ui/format";

type Input = Record<string, unknown>;

interface Preview {
  restorePoint: {
    snapshot: string;
    time: string;
    sizeBytes: number;
    fileCount: number;
    verified: string;
  } | null;
  target: string;
  estimate: { bytes: number; seconds: number; bytesPerSecond: number; measured: boolean } | null;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The server's view of the draft: which point it picks, where it goes, how much and how long. */
function usePreview(input: Input): Preview | null {
  const [preview, setPreview] = useState<Preview | null>(null);
  const key = JSON.stringify(input);
  useEffect(() => {
    let live = true;
    fetch("/api/assistant/restore-preview", {
      method: "POST",
      body: key,
      headers: { "content-type": "application/json" },
    })
      .then((r) => (r.ok ? (r.json() as Promise<Preview>) : null))
      .then((p) => {
        if (live) setPreview(p);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key]);
  return preview;
}

export function RestoreDraft({
  input,
  setInput,
  editable,
}: {
  input: Input;
  setInput: Dispatch<SetStateAction<Input>>;
  editable: boolean;
}) {
  const point = input.restorePoint
    ? `restore point ${String(input.restorePoint)}`
    : input.at
      ? `the newest restore point at or before ${new Date(String(input.at)).toLocaleString()}`
      : "the newest restore point";
  const paths = Array.isArray(input.paths) ? (input.paths as string[]) : [];
  const preview = usePreview(input);
  const rp = preview?.restorePoint;
  return (
    <dl className="grid grid-cols-[7rem_1fr] gap-x-2 gap-y-1 text-sm">
      <dt className="text-slate-600">Asset</dt>
      <dd>{String(input.asset)}</dd>
      <dt className="text-slate-600">From</dt>
      <dd>
        {point}
        {rp ? (
          <span className="block" data-testid="restore-point">
            {new Date(rp.time).toLocaleString()} · <span className="tabular-nums">{mib(rp.sizeBytes)}</span> ·{" "}
            {rp.verified === "verified"
              ? "✓ verified"
              : rp.verified === "failed"
                ? "✗ drill failed"
                : "not verified yet"}
          </span>
        ) : preview ? (
          <span className="block text-red-700">No such restore point</span>
        ) : null}
      </dd>
      <dt className="text-slate-600">What</dt>
      <dd>{paths.length ? paths.join(", ") : "everything"}</dd>
      <dt className="text-slate-600">Target</dt>
      <dd className="break-all">
        {editable && !input.target ? (
          <span className="block">
            a new location beside the original{preview ? `: ${preview.target}` : ""} (or type a target)
          </span>
        ) : null}
        {editable ? (
          <input
            aria-label="Restore target"
            className="w-full rounded border border-slate-300 px-1 font-mono"
            placeholder="a new folder or database (default)"
            value={String(input.target ?? "")}
            onChange={(e) =>
              setInput((v) => {
                const { target: _old, ...rest } = v;
                return e.target.value ? { ...rest, target: e.target.value } : rest;
              })
            }
          />
        ) : input.target ? (
          <code>{String(input.target)}</code>
        ) : (
          "a new location beside the original (<path>.restored-<time>, or <name>_restored_<time>)"
        )}
      </dd>
      {preview?.estimate ? (
        <>
          <dt className="text-slate-600">Estimate</dt>
          <dd>
            about <span className="tabular-nums">{mib(preview.estimate.bytes)}</span>, about{" "}
            <span className="tabular-nums">{formatDuration(preview.estimate.seconds)}</span> at{" "}
            <span className="tabular-nums">{formatRate(preview.estimate.bytesPerSecond)}</span>{" "}
            <span className="text-slate-600">
              ({preview.estimate.measured ? "measured on recent restores" : "assumed: nothing restored yet"})
            </span>
          </dd>
        </>
      ) : null}
      {input.overwrite ? (
        <>
          <dt className="font-semibold text-red-700">Overwrite</dt>
          <dd className="font-semibold text-red-700" data-testid="overwrite-warning">
            Overwrites the live data in place (admins only)
          </dd>
        </>
      ) : null}
    </dl>
  );
}
