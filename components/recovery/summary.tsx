"use client";
// The end of a recovery in words, "what is where", with times in the viewer's zone.
import { formatBytes } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { useTimeZone } from "@/components/ui/time";
import { type RecoveryText, summarizeRecovery } from "@/lib/advisor/recovery-text";

export function RecoverySummary({ plan }: { plan: RecoveryText }) {
  const zone = useTimeZone();
  const restored = plan.items.reduce((s, i) => s + Number(i.job?.result?.bytesRestored ?? 0), 0);
  return (
    <section
      aria-labelledby="summary-heading"
      className="mt-6 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <h2 id="summary-heading" className="mb-2 flex items-center gap-2 text-lg font-semibold">
        Summary <StatusBadge status={plan.status} />
      </h2>
      <ul className="list-disc space-y-1 pl-5 text-sm">
        {summarizeRecovery(plan, zone).map((line) => (
          <li key={line} className="break-words">
            {line}
          </li>
        ))}
      </ul>
      <p className="mt-3 text-xs text-slate-500">{formatBytes(restored)} restored in all.</p>
    </section>
  );
}
