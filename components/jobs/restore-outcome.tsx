// The end of a finished restore's job page: where the data is now, in full, and a way to look at
// it. A folder restore links to the restore point's browser at what was restored (the same
// files, as the backup holds them, in the folder that holds what was restored: the console cannot browse the server's disk, and the target
// path is shown to copy); a database restore names the new database and how to open it.
import path from "node:path";
import { FolderOpen } from "lucide-react";
import Link from "next/link";
import { formatBytes, formatNumber } from "@/components/ui/format";

export interface RestoreOutcomeProps {
  kind: "directory" | "postgres";
  target: string;
  restorePointId: string;
  /** What was restored: absolute paths inside the restore point, or everything when empty. */
  paths: string[];
  filesRestored: number | null;
  bytesRestored: number | null;
}

export function RestoreOutcome({
  kind,
  target,
  restorePointId,
  paths,
  filesRestored,
  bytesRestored,
}: RestoreOutcomeProps) {
  // The folder holding the one restored item (it may be a file), or the whole point.
  const browseAt = paths.length === 1 && paths[0]?.startsWith("/") ? path.posix.dirname(paths[0]) : undefined;
  return (
    <section
      aria-label="Where the data is now"
      className="mt-4 flex flex-col gap-2 rounded-xl bg-emerald-50 p-4 ring-1 ring-emerald-600/30"
    >
      <h2 className="text-sm font-semibold text-emerald-900">Where the data is now</h2>
      <p className="text-sm text-slate-800">
        {kind === "postgres" ? "In the database " : "In the folder "}
        <code
          data-testid="restore-target"
          className="break-all rounded bg-white px-1.5 py-0.5 font-mono text-xs"
        >
          {target}
        </code>
        {filesRestored !== null && kind === "directory"
          ? ` (${formatNumber(filesRestored)} ${filesRestored === 1 ? "file" : "files"}, ${formatBytes(bytesRestored ?? 0)})`
          : null}
        .
      </p>
      {kind === "postgres" ? (
        <p className="text-sm text-slate-700">
          Open it with <code className="font-mono text-xs">psql -d {target}</code> on the database server.
        </p>
      ) : (
        <p className="text-sm">
          <Link
            href={`/restore-points/${restorePointId}${browseAt ? `?path=${encodeURIComponent(browseAt)}` : ""}`}
            className="inline-flex items-center gap-1.5 text-sky-800 hover:underline"
          >
            <FolderOpen aria-hidden="true" className="size-4" />
            Browse what was restored
          </Link>
        </p>
      )}
    </section>
  );
}
