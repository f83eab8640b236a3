"use client";
// "Versions" of a file in the browser: every restore point of the asset that holds it, newest
// first, with time and size; each can be downloaded or restored (the catalog answers, so the
// list opens at once however many restore points there are).
import { History } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { formatBytes } from "@/components/ui/format";
import type { Action } from "@/components/ui/run-action";
import { Time } from "@/components/ui/time";
import { downloadHref } from "./links";
import { RestoreDialog, type RestoreDialogProps } from "./restore-dialog";

interface Version {
  restorePointId: string;
  time: Date | string;
  size: number;
  mtime: Date | string | null;
}
export type VersionsAction = Action<
  { restorePoint: string; path: string },
  { path: string; versions: Version[] }
>;

export function VersionsDialog({
  action,
  restorePoint,
  name,
  path,
  canDownload,
  restore,
}: {
  action: VersionsAction;
  restorePoint: string;
  name: string;
  path: string;
  canDownload: boolean;
  restore?: Omit<RestoreDialogProps, "paths" | "label" | "variant">;
}) {
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const folder = path.slice(0, path.lastIndexOf("/")) || "/";
  const load = (open: boolean) => {
    if (!open) return;
    start(async () => {
      const result = await action({ restorePoint, path });
      if (!result.ok) return setError(result.error.message);
      setError(null);
      setVersions(result.data.versions);
    });
  };
  return (
    <Dialog
      title={`Versions of ${name}`}
      description={path}
      onOpenChange={load}
      trigger={
        <button
          type="button"
          aria-label={`Versions of ${name}`}
          className="inline-flex items-center gap-1 text-sky-800 hover:underline"
        >
          <History aria-hidden="true" className="size-4" />
          {/* The word from the small-screen breakpoint up; the icon and label say it below. */}
          <span className="hidden sm:inline">Versions</span>
        </button>
      }
    >
      <FormError message={error} />
      {pending && !versions ? <p className="text-sm text-slate-600">Loading…</p> : null}
      {versions ? (
        <table aria-label={`Versions of ${name}`} className="w-full text-sm">
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="py-2 text-left font-medium">
                Restore point
              </th>
              <th scope="col" className="py-2 text-right font-medium">
                Size
              </th>
              <th scope="col" className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {versions.map((v) => (
              <tr key={v.restorePointId}>
                <td className="py-2">
                  <Link
                    href={`/restore-points/${v.restorePointId}?path=${encodeURIComponent(folder)}`}
                    className="text-sky-800 hover:underline"
                  >
                    <Time value={v.time} seconds />
                  </Link>
                  {v.restorePointId === restorePoint ? (
                    <span className="ml-2 text-xs text-slate-500">(this one)</span>
                  ) : null}
                </td>
                <td className="whitespace-nowrap py-2 text-right tabular-nums">{formatBytes(v.size)}</td>
                <td className="py-2">
                  <span className="flex flex-wrap items-center justify-end gap-3">
                    {canDownload ? (
                      <a
                        href={downloadHref(v.restorePointId, path)}
                        download={name}
                        className="text-sky-800 hover:underline"
                      >
                        Download
                      </a>
                    ) : null}
                    {restore ? (
                      <RestoreDialog
                        {...restore}
                        restorePoint={v.restorePointId}
                        paths={[path]}
                        estimate={{ ...restore.estimate, bytes: v.size }}
                        variant="secondary"
                      />
                    ) : null}
                  </span>
                </td>
              </tr>
            ))}
            {versions.length === 0 ? (
              <tr>
                <td colSpan={3} className="py-4 text-center text-slate-600">
                  The catalog holds no version of this file.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </Dialog>
  );
}
