// Is an asset protected? The question the dashboard answers first, decided from facts in rows:
// - unprotected: no enabled policy covers it;
// - at risk: its last backup failed or was missed, it has no restore point yet, a scheduled run
//   (plus an hour's grace for the run itself) has passed without a newer restore point, or the
//   newest point is older than the policy's RPO;
// - protected: otherwise.
import { cronOf } from "@/lib/jobs/schedule-times";

export type ProtectionStatus = "protected" | "at_risk" | "unprotected";

export interface ProtectionFacts {
  policies: { enabled: boolean; schedule: string; timezone: string; rpoHours: number | null }[];
  newestPointAt: Date | null;
  /** The asset's newest finished backup job. */
  lastBackup: { status: string; finishedAt: Date | null } | null;
}

export interface Protection {
  status: ProtectionStatus;
  reason: string;
}

const GRACE_MS = 60 * 60 * 1000;

export function protectionOf(facts: ProtectionFacts, now = new Date()): Protection {
  const enabled = facts.policies.filter((p) => p.enabled);
  if (enabled.length === 0) {
    return {
      status: "unprotected",
      reason: facts.policies.length ? "its policies are disabled" : "no policy protects it",
    };
  }
  const newest = facts.newestPointAt;
  const last = facts.lastBackup;
  if (last && (last.status === "failed" || last.status === "missed")) {
    if (!newest || (last.finishedAt && last.finishedAt > newest)) {
      return {
        status: "at_risk",
        reason: `the last backup ${last.status === "failed" ? "failed" : "was missed"}`,
      };
    }
  }
  if (!newest) return { status: "at_risk", reason: "no restore point yet" };
  for (const p of enabled) {
    if (p.rpoHours != null && now.getTime() - newest.getTime() > p.rpoHours * 3600_000) {
      return {
        status: "at_risk",
        reason: `the newest restore point is older than the RPO of ${p.rpoHours} h`,
      };
    }
    let due: Date | null = null;
    try {
      due = cronOf(p.schedule, p.timezone).nextRun(newest);
    } catch {
      due = null;
    }
    if (due && due.getTime() + GRACE_MS < now.getTime()) {
      return { status: "at_risk", reason: "a scheduled backup is overdue" };
    }
  }
  return { status: "protected", reason: "a recent restore point exists" };
}
