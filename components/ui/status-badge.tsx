// Status is told three ways at once: colour, an icon and the word, so it survives colour
// blindness, grey-scale printouts and screen readers alike.
import {
  AlertTriangle,
  Ban,
  CheckCircle2,
  CircleDashed,
  Clock,
  Loader2,
  type LucideIcon,
  ShieldAlert,
  ShieldCheck,
  ShieldOff,
  XCircle,
} from "lucide-react";

type Tone = "good" | "bad" | "warn" | "busy" | "idle";

const styles: Record<Tone, string> = {
  good: "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
  bad: "bg-red-50 text-red-800 ring-red-600/30",
  warn: "bg-amber-50 text-amber-900 ring-amber-600/30",
  busy: "bg-sky-50 text-sky-800 ring-sky-600/30",
  idle: "bg-slate-100 text-slate-700 ring-slate-400/30",
};

const known: Record<string, { tone: Tone; icon: LucideIcon; label?: string }> = {
  succeeded: { tone: "good", icon: CheckCircle2 },
  failed: { tone: "bad", icon: XCircle },
  missed: { tone: "bad", icon: AlertTriangle },
  cancelled: { tone: "idle", icon: Ban },
  queued: { tone: "idle", icon: Clock },
  running: { tone: "busy", icon: Loader2 },
  protected: { tone: "good", icon: ShieldCheck },
  at_risk: { tone: "warn", icon: ShieldAlert, label: "at risk" },
  unprotected: { tone: "bad", icon: ShieldOff },
  verified: { tone: "good", icon: ShieldCheck },
  unverified: { tone: "idle", icon: CircleDashed },
  enabled: { tone: "good", icon: CheckCircle2 },
  disabled: { tone: "idle", icon: Ban },
  ok: { tone: "good", icon: CheckCircle2 },
  default: { tone: "busy", icon: CheckCircle2 },
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  const entry = known[status] ?? { tone: "idle" as Tone, icon: CircleDashed };
  const Icon = entry.icon;
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[entry.tone]}`}
    >
      <Icon aria-hidden="true" className={`size-3.5 ${status === "running" ? "animate-spin" : ""}`} />
      {label ?? entry.label ?? status}
    </span>
  );
}
