"use client";
// A tool's result, never raw JSON: lists as compact tables with links into the dashboard, a
// diagnosis as cause and fix, a status as figures, an action's outcome as one sentence.
import Link from "next/link";

type Row = Record<string, unknown>;

const LINKS: Record<string, string> = {
  listAssets: "/inventory",
  listPolicies: "/policies",
  listRestorePoints: "/restore-points",
  searchFiles: "/restore-points",
  runBackup: "/jobs",
  verifyRestorePoint: "/jobs",
  restore: "/jobs",
  createPolicy: "/policies",
  updatePolicy: "/policies",
};

const COLUMNS: Record<string, string[]> = {
  listAssets: ["name", "kind", "path", "database", "policies", "newestRestorePointAt"],
  listPolicies: ["name", "schedule", "timezone", "assets", "enabled", "nextRunAt"],
  listRestorePoints: ["asset", "time", "sizeBytes", "verified", "snapshot"],
  searchFiles: ["path", "asset", "time", "size"],
  runBackup: ["job", "kind", "status"],
};

function cell(key: string, value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.join(", ");
  if (/At$|^time$/.test(key) && typeof value === "string") return new Date(value).toLocaleString();
  if (/size|Bytes/i.test(key) && typeof value === "number") return `${(value / 1024 / 1024).toFixed(1)} MiB`;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function ToolResult({ tool, output }: { tool: string; output: unknown }) {
  const link = LINKS[tool];
  if (Array.isArray(output)) {
    const columns = COLUMNS[tool] ?? Object.keys((output[0] as Row) ?? {}).slice(0, 5);
    return (
      <div className="space-y-1">
        {output.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing found.</p>
        ) : (
          <div className="max-h-60 overflow-auto">
            <table className="w-full text-left text-xs">
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c} scope="col" className="px-1 py-0.5 font-medium text-slate-600">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {(output as Row[]).slice(0, 50).map((row, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: result rows have no stable id
                  <tr key={i} className="border-t border-slate-100">
                    {columns.map((c) => (
                      <td
                        key={c}
                        className={`px-1 py-0.5 ${/size|Bytes/i.test(c) ? "text-right tabular-nums" : ""}`}
                      >
                        {cell(c, row[c])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {link ? (
          <Link href={link} className="text-xs text-sky-700 underline">
            Open in the dashboard
          </Link>
        ) : null}
      </div>
    );
  }
  const o = (output ?? {}) as Row;
  if (tool === "diagnoseJob") {
    return (
      <dl className="grid grid-cols-[5rem_1fr] gap-x-2 text-sm">
        <dt className="text-slate-600">Cause</dt>
        <dd>{String(o.summary)}</dd>
        <dt className="text-slate-600">Fix</dt>
        <dd>{String(o.fix)}</dd>
        {o.evidence ? (
          <>
            <dt className="text-slate-600">Evidence</dt>
            <dd className="break-all font-mono text-xs">{String(o.evidence)}</dd>
          </>
        ) : null}
      </dl>
    );
  }
  if (tool === "recommendPolicy") {
    const plan = o.plan as Row | null;
    return (
      <div className="space-y-1 text-sm" data-testid="recommendation">
        {plan ? (
          <p>
            <span className="font-medium">{String(plan.scheduleText)}</span>{" "}
            <code className="font-mono text-xs">{String(plan.schedule)}</code>
          </p>
        ) : null}
        <p>{String(o.summary)}</p>
        <Link href="/policies" className="text-xs text-sky-700 underline">
          Compare in the policy form
        </Link>
      </div>
    );
  }
  if (tool === "planRecovery" || tool === "startRecovery") {
    const url = typeof o.url === "string" ? o.url : null;
    const restores = Array.isArray(o.restores) ? o.restores.length : 0;
    return (
      <div className="space-y-1 text-sm" data-testid="recovery-result">
        {tool === "planRecovery" ? (
          <p className="whitespace-pre-wrap break-words text-xs">{String(o.text ?? "")}</p>
        ) : (
          <p>
            Recovery started: {restores} restore{restores === 1 ? "" : "s"} queued.
          </p>
        )}
        {url ? (
          <Link href={url} className="text-xs text-sky-700 underline">
            {tool === "planRecovery" ? "Open the plan" : "Follow the recovery"}
          </Link>
        ) : o.note ? (
          <p className="text-xs text-slate-600">{String(o.note)}</p>
        ) : null}
      </div>
    );
  }
  if (tool === "getStatus") {
    const assets = (o.assets ?? {}) as Row;
    const failures = Array.isArray(o.failuresLastDay) ? o.failuresLastDay.length : 0;
    return (
      <p className="text-sm">
        {cell("", assets.total)} assets, {cell("", assets.atRisk)} at risk; {failures} failure
        {failures === 1 ? "" : "s"} in the last day.
      </p>
    );
  }
  const sentence =
    tool === "createPolicy"
      ? `Policy ${String(o.policy)} created.`
      : tool === "updatePolicy"
        ? `Policy ${String(o.policy)} updated.`
        : tool === "deletePolicy"
          ? `Policy ${String(o.deleted)} deleted.`
          : tool === "addAsset"
            ? `Asset ${String(o.asset)} added.`
            : tool === "removeAsset"
              ? `Asset ${String(o.removed)} removed.`
              : tool === "restore"
                ? `Restore started into ${String(o.target)}.`
                : tool === "verifyRestorePoint"
                  ? "Verification started."
                  : "Done.";
  return (
    <p className="text-sm">
      {sentence}{" "}
      {link ? (
        <Link href={link} className="text-sky-700 underline">
          Open
        </Link>
      ) : null}
    </p>
  );
}
