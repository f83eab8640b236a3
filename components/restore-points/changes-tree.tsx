"use client";
// "What changed" as a tree that opens lazily: the first level comes with the page; a changed
// folder's own changes are fetched when it is opened (folders that did not change never appear).
import { ChevronDown, ChevronRight, Folder } from "lucide-react";
import { useState, useTransition } from "react";
import { formatBytes } from "@/components/ui/format";
import type { Action } from "@/components/ui/run-action";
import type { FolderChange } from "@/lib/services/restore-point-diff-tree";
import { ChangeBadge } from "./change-badge";

export type DiffFolderAction = Action<
  { restorePoint: string; against?: string; path?: string },
  { path: string; entries: FolderChange[] }
>;

interface Props {
  action: DiffFolderAction;
  restorePoint: string;
  against: string;
}

export function ChangesTree({ initial, ...props }: Props & { initial: FolderChange[] }) {
  if (!initial.length) return null;
  return (
    <ul aria-label="Changes by folder" className="text-sm">
      {initial.map((c) => (
        <ChangeNode key={c.path} change={c} depth={0} {...props} />
      ))}
    </ul>
  );
}

function ChangeNode({ change, depth, ...props }: Props & { change: FolderChange; depth: number }) {
  const [open, setOpen] = useState(false);
  const [children, setChildren] = useState<FolderChange[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const toggle = () => {
    setOpen((o) => !o);
    if (children || pending) return;
    start(async () => {
      const result = await props.action({
        restorePoint: props.restorePoint,
        against: props.against,
        path: change.path,
      });
      if (!result.ok) return setError(result.error.message);
      setChildren(result.data.entries);
    });
  };
  const Chevron = open ? ChevronDown : ChevronRight;
  return (
    <li className="border-b border-slate-100 last:border-0">
      <div
        className="flex flex-wrap items-center justify-between gap-2 py-1.5"
        style={{ paddingLeft: `${depth * 1.25}rem` }}
      >
        <span className="flex min-w-0 items-center gap-2">
          {change.folder ? (
            <button
              type="button"
              aria-expanded={open}
              aria-label={`${open ? "Close" : "Open"} ${change.name}`}
              onClick={toggle}
              className="rounded p-0.5 text-slate-600 hover:bg-slate-100"
            >
              <Chevron aria-hidden="true" className="size-4" />
            </button>
          ) : (
            <span className="w-5" />
          )}
          <ChangeBadge change={change.change} />
          {change.folder ? <Folder aria-hidden="true" className="size-4 shrink-0 text-slate-500" /> : null}
          <span className="font-mono text-xs break-all">{change.name}</span>
        </span>
        <span className="whitespace-nowrap tabular-nums text-slate-600">
          {change.sizeBefore === null ? "" : formatBytes(change.sizeBefore)}
          {change.sizeBefore !== null && change.sizeAfter !== null ? " → " : ""}
          {change.sizeAfter === null ? "" : formatBytes(change.sizeAfter)}
        </span>
      </div>
      {open ? (
        <div aria-busy={pending}>
          {error ? <p className="py-1 text-sm text-red-800">{error}</p> : null}
          {pending && !children ? (
            <p
              className="py-1 text-xs text-slate-500"
              style={{ paddingLeft: `${(depth + 1) * 1.25 + 1.75}rem` }}
            >
              Loading…
            </p>
          ) : null}
          {children ? (
            <ul aria-label={`Changes in ${change.name}`}>
              {children.map((c) => (
                <ChangeNode key={c.path} change={c} depth={depth + 1} {...props} />
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
