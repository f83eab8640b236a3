// "What changed" since the asset's previous restore point (or one the user chose): totals, the
// changes by folder as a tree that opens lazily, then each file added, removed or modified with
// its sizes (a server component: the diff runs in the service, next to the data).

import Link from "next/link";
import type { ReactNode } from "react";
import { formatBytes, formatNumber } from "@/components/ui/format";
import { Time } from "@/components/ui/time";
import { ChangeBadge } from "./change-badge";

interface Diff {
  against: { id: string; time: Date } | null;
  totals: { added: number; removed: number; modified: number; bytesAdded: number; bytesRemoved: number };
  changes: { path: string; change: string; sizeBefore: number | null; sizeAfter: number | null }[];
  truncated: boolean;
}

export function WhatChanged({
  diff,
  root,
  chosen,
  tree,
}: {
  diff: Diff;
  root: string;
  /** The other point was picked by the user (not the previous one). */
  chosen?: boolean;
  tree?: ReactNode;
}) {
  if (!diff.against)
    return (
      <p className="text-sm text-slate-600">The first restore point of this asset: nothing before it.</p>
    );
  const { totals } = diff;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm" data-testid="change-totals">
        {chosen ? "Compared with the " : "Since the "}
        <Link href={`/restore-points/${diff.against.id}`} className="text-sky-800 hover:underline">
          {chosen ? "restore point" : "previous restore point"}
        </Link>
        {chosen ? (
          <>
            {" "}
            of <Time value={diff.against.time} seconds />
          </>
        ) : null}
        : {formatNumber(totals.added)} added, {formatNumber(totals.removed)} removed,{" "}
        {formatNumber(totals.modified)} modified (+{formatBytes(totals.bytesAdded)}, −
        {formatBytes(totals.bytesRemoved)}).
      </p>
      {tree ? (
        <section aria-label="By folder" className="flex flex-col gap-1">
          <h3 className="text-xs font-medium uppercase text-slate-500">By folder</h3>
          {tree}
        </section>
      ) : null}
      {diff.changes.length ? (
        <h3 className="text-xs font-medium uppercase text-slate-500">All changed files</h3>
      ) : null}
      {diff.changes.length ? (
        <ul aria-label="Changed files" className="divide-y divide-slate-100 text-sm">
          {diff.changes.map((c) => (
            <li key={c.path} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
              <span className="flex min-w-0 items-center gap-2">
                <ChangeBadge change={c.change} />
                <span className="font-mono text-xs break-all">{relative(root, c.path)}</span>
              </span>
              <span className="whitespace-nowrap tabular-nums text-slate-600">
                {c.sizeBefore === null ? "" : formatBytes(c.sizeBefore)}
                {c.sizeBefore !== null && c.sizeAfter !== null ? " → " : ""}
                {c.sizeAfter === null ? "" : formatBytes(c.sizeAfter)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No file changed.</p>
      )}
      {diff.truncated ? (
        <p className="text-sm text-slate-600">Only the first {diff.changes.length} changes are listed.</p>
      ) : null}
    </div>
  );
}

function relative(root: string, p: string) {
  return p.startsWith(`${root}/`) ? p.slice(root.length + 1) : p;
}
