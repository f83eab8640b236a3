"use client";
// A drafted restore: which restore point, the target in full (or where a new copy goes), and an
// overwrite in red. The target may be corrected before approving.
import type { Dispatch, SetStateAction } from "react";

type Input = Record<string, unknown>;

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
  return (
    <dl className="grid grid-cols-[7rem_1fr] gap-x-2 gap-y-1 text-sm">
      <dt className="text-slate-600">Asset</dt>
      <dd>{String(input.asset)}</dd>
      <dt className="text-slate-600">From</dt>
      <dd>{point}</dd>
      <dt className="text-slate-600">What</dt>
      <dd>{paths.length ? paths.join(", ") : "everything"}</dd>
      <dt className="text-slate-600">Target</dt>
      <dd className="break-all">
        {editable && !input.target ? (
          <span className="block">a new location beside the original (or type a target)</span>
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
