"use client";
// The restore point's tree, one folder page at a time (nothing below is read until opened):
// breadcrumbs, a name filter, sizes and times, "Download" of a file and restore of a selection.
import { File, Folder } from "lucide-react";
import { useCallback, useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { formatBytes } from "@/components/ui/format";
import type { Action } from "@/components/ui/run-action";
import { Time } from "@/components/ui/time";
import { archiveHref, downloadHref } from "./links";
import { RestoreDialog, type RestoreDialogProps } from "./restore-dialog";
import { type VersionsAction, VersionsDialog } from "./versions-dialog";

interface Entry {
  name: string;
  path: string;
  type: string;
  size: number;
  mtime: string | null;
}
interface FolderPage {
  path: string;
  entries: Entry[];
  total: number;
  nextAfter: string | null;
}
export type BrowseAction = Action<
  { restorePoint: string; path?: string; filter?: string; after?: string },
  FolderPage
>;

export function FileBrowser({
  browse,
  versions,
  restorePoint,
  root,
  initialPath,
  canDownload,
  restore,
}: {
  browse: BrowseAction;
  /** A file's versions across restore points (a "Versions" action on file rows). */
  versions?: VersionsAction;
  restorePoint: string;
  root: string;
  initialPath?: string;
  canDownload: boolean;
  /** The dialog's props without paths; absent when the user may not restore. */
  restore?: Omit<RestoreDialogProps, "paths" | "label" | "variant">;
}) {
  const [path, setPath] = useState(initialPath ?? root);
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState<FolderPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  // Sizes of the selected files; a selected folder's size is unknown until restored.
  const [sizes, setSizes] = useState<Record<string, number | null>>({});
  const [pending, start] = useTransition();

  const load = useCallback(
    (folder: string, name: string, after?: string) =>
      start(async () => {
        const result = await browse({ restorePoint, path: folder, filter: name || undefined, after });
        if (!result.ok) return setError(result.error.message);
        setError(null);
        setPage((prev) =>
          after && prev
            ? { ...result.data, entries: [...prev.entries, ...result.data.entries] }
            : result.data,
        );
      }),
    [browse, restorePoint],
  );
  useEffect(() => load(path, filter), [load, path, filter]);

  const crumbs = breadcrumbs(root, path);
  const toggle = (e: Entry) => {
    setSelected((s) => (s.includes(e.path) ? s.filter((x) => x !== e.path) : [...s, e.path]));
    setSizes((m) => ({ ...m, [e.path]: e.type === "dir" ? null : e.size }));
  };
  const known = selected.map((p) => sizes[p]);
  // Files only: their exact sum; with a folder, the whole point's size bounds it.
  const estimate =
    restore && known.every((n) => typeof n === "number")
      ? { ...restore.estimate, bytes: known.reduce<number>((a, n) => a + (n ?? 0), 0) }
      : restore && { ...restore.estimate, upTo: true };

  return (
    <section aria-label="File browser" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <nav aria-label="Folder path" className="flex flex-wrap items-center gap-1 text-sm">
          {crumbs.map((c, i) => (
            <span key={c.path} className="flex items-center gap-1">
              {i > 0 ? <span aria-hidden="true">/</span> : null}
              {i === crumbs.length - 1 ? (
                <span aria-current="page" className="font-medium break-all">
                  {c.name}
                </span>
              ) : (
                <button
                  type="button"
                  className="text-sky-800 hover:underline break-all"
                  onClick={() => setPath(c.path)}
                >
                  {c.name}
                </button>
              )}
            </span>
          ))}
        </nav>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium text-slate-700">Filter by name</span>
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm"
          />
        </label>
      </div>
      <FormError message={error} />
      {restore ? (
        <div className="flex flex-wrap items-center gap-2">
          <RestoreDialog
            {...restore}
            estimate={estimate ?? restore.estimate}
            paths={selected}
            label={`Restore selected (${selected.length})`}
            variant="secondary"
            disabled={selected.length === 0}
          />
          {selected.length ? (
            <Button
              variant="secondary"
              onClick={() => {
                setSelected([]);
                setSizes({});
              }}
            >
              Clear selection
            </Button>
          ) : null}
        </div>
      ) : null}
      <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
        <table aria-label={`Contents of ${path}`} aria-busy={pending} className="w-full text-sm">
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
            <tr>
              {restore ? (
                <th scope="col" className="w-8 px-3 py-2">
                  <span className="sr-only">Select</span>
                </th>
              ) : null}
              <th scope="col" className="px-3 py-2 text-left font-medium">
                Name
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Size
              </th>
              <th scope="col" className="hidden px-3 py-2 text-left font-medium sm:table-cell">
                Modified
              </th>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page?.entries.map((e) => (
              <tr key={e.path}>
                {restore ? (
                  <td className="px-3 py-2">
                    <input
                      type="checkbox"
                      aria-label={`Select ${e.name}`}
                      checked={selected.includes(e.path)}
                      onChange={() => toggle(e)}
                    />
                  </td>
                ) : null}
                <td className="px-3 py-2">
                  {e.type === "dir" ? (
                    <button
                      type="button"
                      className="flex items-center gap-2 text-left text-sky-800 hover:underline break-words"
                      onClick={() => setPath(e.path)}
                    >
                      <Folder aria-hidden="true" className="size-4 shrink-0" />
                      {e.name}
                    </button>
                  ) : (
                    <span className="flex items-center gap-2 break-words">
                      <File aria-hidden="true" className="size-4 shrink-0 text-slate-500" />
                      {e.name}
                    </span>
                  )}
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                  {e.type === "dir" ? "—" : formatBytes(e.size)}
                </td>
                <td className="hidden px-3 py-2 sm:table-cell">
                  <Time value={e.mtime} fallback="—" />
                </td>
                <td className="px-3 py-2 text-right">
                  <span className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1">
                    {e.type === "file" && versions ? (
                      <VersionsDialog
                        action={versions}
                        restorePoint={restorePoint}
                        name={e.name}
                        path={e.path}
                        canDownload={canDownload}
                        restore={restore}
                      />
                    ) : null}
                    {(e.type === "file" || e.type === "dir") && canDownload ? (
                      // A folder downloads as a tar, streamed as it is read from the repository.
                      <a
                        href={
                          e.type === "dir"
                            ? archiveHref(restorePoint, e.path)
                            : downloadHref(restorePoint, e.path)
                        }
                        download={e.type === "dir" ? `${e.name}.tar` : e.name}
                        aria-label={`Download ${e.name}`}
                        className="text-sky-800 hover:underline"
                      >
                        Download
                      </a>
                    ) : null}
                  </span>
                </td>
              </tr>
            ))}
            {page && page.entries.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-slate-600">
                  {filter ? "Nothing here matches the filter." : "This folder is empty."}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {page ? (
        <div className="flex items-center justify-between text-sm text-slate-600">
          <span>
            {page.entries.length} of {page.total} shown
          </span>
          {page.nextAfter ? (
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() => load(path, filter, page.nextAfter ?? undefined)}
            >
              Show more
            </Button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** The root's name, then each folder below it down to `path`. */
function breadcrumbs(root: string, path: string) {
  const crumbs = [{ name: root, path: root }];
  const rel = path.startsWith(root) ? path.slice(root.length).replace(/^\/+/, "") : "";
  let at = root;
  for (const part of rel.split("/").filter(Boolean)) {
    at = at === "/" ? `/${part}` : `${at}/${part}`;
    crumbs.push({ name: part, path: at });
  }
  return crumbs;
}
