// "What changed" since the asset's previous restore point: totals, then each file added, removed
// or modified with its sizes (a server component: the diff runs in the service, next to the data).

import { type LucideIcon, Minus, Pencil, Plus } from "lucide-react";
import Link from "next/link";
import { formatBytes, formatNumber } from "@/components/ui/format";

interface Diff {
  against: { id: string; time: Date } | null;
  totals: { added: number; removed: number; modified: number; bytesAdded: number; bytesRemoved: number };
  changes: { path: string; change: string; sizeBefore: number | null; sizeAfter: number | null }[];
  truncated: boolean;
}

// Told by colour, icon and word, like the status badges.
const kinds: Record<string, { icon: LucideIcon; cls: string }> = {
  added: { icon: Plus, cls: "bg-emerald-50 text-emerald-800 ring-emerald-600/30" },
  removed: { icon: Minus, cls: "bg-red-50 text-red-800 ring-red-600/30" },
  modified: { icon: Pencil, cls: "bg-amber-50 text-amber-900 ring-amber-600/30" },
};

function ChangeBadge({ change }: { change: string }) {
  const kind = kinds[change] ?? kinds.modified;
  const Icon = kind?.icon ?? Pencil;
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${kind?.cls ?? ""}`}
    >
      <Icon aria-hidden="true" className="size-3.5" />
      {change}
    </span>
  );
}

export function WhatChanged({ diff, root }: { diff: Diff; root: string }) {
  if (!diff.against)
    return (
      <p className="text-sm text-slate-600">The first restore point of this asset: nothing before it.</p>
    );
  const { totals } = diff;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm" data-testid="change-totals">
        Since the{" "}
        <Link href={`/restore-points/${diff.against.id}`} className="text-sky-800 hover:underline">
          previous restore point
        </Link>
        : {formatNumber(totals.added)} added, {formatNumber(totals.removed)} removed,{" "}
        {formatNumber(totals.modified)} modified (+{formatBytes(totals.bytesAdded)}, −
        {formatBytes(totals.bytesRemoved)}).
      </p>
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
