// Why a job failed and what to do, from its error and log. A table of the failures operators
// meet (each with the words the engine, the OS, pg_dump, PostgreSQL or S3 use for it); the first
// match wins, so the more specific causes come first. The result is structured: any model, or
// the offline planner, turns it into words. Log text is data: it is matched, never obeyed.
import { desc, eq } from "drizzle-orm";
import { assets, jobs, policies, repositories } from "@/db/schema";
import { service } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "./context";
import { getJob } from "./jobs";

export type Cause =
  | "wrong_password"
  | "stale_lock"
  | "disk_full"
  | "pg_dump_version_mismatch"
  | "database_unreachable"
  | "s3_credentials"
  | "s3_timeout"
  | "permission_denied"
  | "source_missing"
  | "unknown";

/** What the job worked on: a connection error means the database or the object store depending on it. */
export interface FailureContext {
  assetKind?: string | null;
  /** The repository's URL scheme is enough: "s3" or a local folder. */
  repositoryIsS3?: boolean;
}

interface Rule {
  cause: Cause;
  match: RegExp;
  when?: (c: FailureContext) => boolean;
  summary: string;
  fix: string;
  /** A call of the tool contract that applies the fix, when one exists (it still needs approval where the contract says so). */
  action?: "retry";
}

const RULES: Rule[] = [
  {
    cause: "wrong_password",
    match: /wrong password|no key found|wrong_password|ciphertext verification failed/i,
    summary: "The repository's password does not open it.",
    fix: "Enter the repository's current password under Repositories (or restore the old one if it was changed by mistake).",
  },
  {
    cause: "stale_lock",
    match: /is locked|already locked|locked by|repository is locked/i,
    summary:
      "The repository is locked by another process, probably one that died without releasing its lock.",
    fix: "If no backup is running on the lock's host, remove the stale lock (`npm run lifeboat -- unlock --repo R`) and run the backup again.",
    action: "retry",
  },
  {
    cause: "disk_full",
    match: /ENOSPC|no space left on device|disk (is )?full|quota exceeded|EDQUOT/i,
    summary: "The disk the repository (or restore target) is on is full.",
    fix: "Free space or move the repository to a larger disk; tighter retention and a prune also free space.",
    action: "retry",
  },
  {
    cause: "pg_dump_version_mismatch",
    match: /server version mismatch|aborting because of server version/i,
    summary: "pg_dump is older than the PostgreSQL server it dumps.",
    fix: "Install a pg_dump at least as new as the server (the PostgreSQL client package of the server's major version) on the worker's host.",
  },
  {
    cause: "database_unreachable",
    match:
      /could not connect to (the )?server|connection to server .* failed|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|database .* does not exist|authentication failed|the host .* is unreachable|the database system is (shutting down|starting up)|terminating connection/i,
    when: (c) => c.assetKind === "postgres" && !c.repositoryIsS3,
    summary: "The database could not be reached.",
    fix: "Check that the PostgreSQL server is running and accepts connections from the worker's host, and that the asset's connection details are right.",
    action: "retry",
  },
  {
    cause: "s3_credentials",
    match:
      /InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied|Access Denied|Access Key Id you provided|signature we calculated|\b403\b.*(s3|bucket)|(s3|bucket).*\b403\b/i,
    summary: "The object store refused the repository's credentials.",
    fix: "Check the access key and secret of the repository (and the bucket policy) and enter them again under Repositories.",
  },
  {
    cause: "s3_timeout",
    match: /RequestTimeout|ETIMEDOUT|timed out|timeout|ECONNRESET|ECONNREFUSED|socket hang up|EHOSTUNREACH/i,
    when: (c) => c.repositoryIsS3 !== false,
    summary: "The object store did not answer in time.",
    fix: "Check the network path to the S3 endpoint (firewall, proxy, DNS) and that the service is up; the backup can then be run again.",
    action: "retry",
  },
  {
    cause: "permission_denied",
    match: /EACCES|EPERM|permission denied|not readable|operation not permitted/i,
    summary: "Lifeboat's process may not read (or write) a path it needs.",
    fix: "Give the user Lifeboat runs as read access to the source (or write access to the target), or exclude the path.",
    action: "retry",
  },
  {
    cause: "source_missing",
    match: /ENOENT|no such file or directory|does not exist|not a folder|is not a directory/i,
    summary: "The source folder (or a path it needs) does not exist.",
    fix: "Check the asset's path (a disk may be unmounted, or the folder moved) and correct the asset if it moved.",
    action: "retry",
  },
];

export interface Diagnosis {
  job: {
    id: string;
    kind: string;
    status: string;
    asset: string | null;
    error: string | null;
    finishedAt: string | null;
  };
  cause: Cause;
  summary: string;
  fix: string;
  /** The log or error line that shows the cause. */
  evidence: string | null;
  /** An action of the contract that applies the fix (a retry is `runBackup` of the asset). */
  suggestedCall: { toolName: string; input: Record<string, unknown> } | null;
}

/** The cause in a job's error and log text (exported for tests of the table itself). */
export function classifyFailure(
  error: string | null,
  log: string,
  context: FailureContext = {},
): { rule: Rule | null; evidence: string | null } {
  // The error first: it is the job's own verdict; the log may hold warnings of other kinds.
  const lines = [...(error ? [error] : []), ...log.split("\n").reverse()].filter((l) => l.trim());
  for (const rule of RULES) {
    if (rule.when && !rule.when(context)) continue;
    const line = lines.find((l) => rule.match.test(l));
    if (line) return { rule, evidence: line.slice(0, 500) };
  }
  return { rule: null, evidence: error };
}

/** The named job, or the newest failed one. */
export const diagnoseJob = service(
  "viewer",
  async function diagnoseJob(ctx: ServiceContext, input: { job?: string } = {}): Promise<Diagnosis> {
    let job: typeof jobs.$inferSelect;
    if (input.job) job = await getJob(ctx, input.job);
    else {
      const [newest] = await ctx.db
        .select()
        .from(jobs)
        .where(eq(jobs.status, "failed"))
        .orderBy(desc(jobs.finishedAt), desc(jobs.createdAt))
        .limit(1);
      if (!newest) throw new AppError("not_found:job", "No job has failed.");
      job = newest;
    }
    const [asset] = job.assetId
      ? await ctx.db
          .select({ name: assets.name, kind: assets.kind })
          .from(assets)
          .where(eq(assets.id, job.assetId))
      : [];
    const [repository] = job.policyId
      ? await ctx.db
          .select({ url: repositories.url })
          .from(policies)
          .innerJoin(repositories, eq(repositories.id, policies.repositoryId))
          .where(eq(policies.id, job.policyId))
      : [];
    const { rule, evidence } = classifyFailure(job.error, job.log, {
      assetKind: asset?.kind ?? null,
      repositoryIsS3: repository ? repository.url.startsWith("s3:") : undefined,
    });
    const retry = rule?.action === "retry" && job.kind === "backup" && asset;
    return {
      job: {
        id: job.id,
        kind: job.kind,
        status: job.status,
        asset: asset?.name ?? null,
        error: job.error,
        finishedAt: job.finishedAt?.toISOString() ?? null,
      },
      cause: rule?.cause ?? "unknown",
      summary: rule?.summary ?? "The failure does not match a known cause.",
      fix: rule?.fix ?? "Read the job's log; the last lines usually name what went wrong.",
      evidence,
      suggestedCall: retry ? { toolName: "runBackup", input: { asset: asset.name } } : null,
    };
  },
);
