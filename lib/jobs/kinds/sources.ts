// The one place the job kinds call into lib/sources: each operation picks the directory or the
// PostgreSQL implementation by the source's kind.
import type { Repository, Snapshot } from "@/lib/engine";
import {
  backupDirectory,
  backupPostgres,
  restoreDirectory,
  restorePostgres,
  verifyDirectory,
  verifyPostgres,
} from "@/lib/sources";
import type {
  RestoreOptions,
  RestoreResult,
  Source,
  SourceBackupOptions,
  SourceBackupResult,
  VerifyOptions,
  VerifyResult,
} from "@/lib/sources/types";

export function backupSource(
  repo: Repository,
  source: Source,
  opts: SourceBackupOptions,
): Promise<SourceBackupResult> {
  return source.kind === "directory"
    ? backupDirectory(repo, source, opts)
    : backupPostgres(repo, source, opts);
}

export function restoreSource(
  repo: Repository,
  snapshot: Snapshot,
  source: Source,
  opts: RestoreOptions,
): Promise<RestoreResult> {
  return source.kind === "directory"
    ? restoreDirectory(repo, snapshot, source, opts)
    : restorePostgres(repo, snapshot, source, opts);
}

export function verifySource(
  repo: Repository,
  snapshot: Snapshot,
  source: Source,
  opts: VerifyOptions,
): Promise<VerifyResult> {
  return source.kind === "directory"
    ? verifyDirectory(repo, snapshot, source, opts)
    : verifyPostgres(repo, snapshot, source, opts);
}
