// The one place the job kinds call into lib/sources: each operation picks the directory or the
// PostgreSQL implementation by the source's kind.
import type { Repository, Snapshot } from "@/lib/engine";
import type { DirectorySource, PostgresSource } from "@/lib/sources/types";

// lib/sources/index.ts (engineer A) has not landed yet: until it does, these say so. The real
// imports replace this block; nothing else in the job kinds changes.
const notYet =
  (name: string) =>
  async (..._args: unknown[]): Promise<never> => {
    throw new Error(`${name}: lib/sources has not landed yet`);
  };
const backupDirectory = notYet("backupDirectory") as (
  r: Repository,
  s: DirectorySource,
  o: SourceBackupOptions,
) => Promise<SourceBackupResult>;
const backupPostgres = notYet("backupPostgres") as (
  r: Repository,
  s: PostgresSource,
  o: SourceBackupOptions,
) => Promise<SourceBackupResult>;
const restoreDirectory = notYet("restoreDirectory") as (
  r: Repository,
  sn: Snapshot,
  s: DirectorySource,
  o: RestoreOptions,
) => Promise<RestoreResult>;
const restorePostgres = notYet("restorePostgres") as (
  r: Repository,
  sn: Snapshot,
  s: PostgresSource,
  o: RestoreOptions,
) => Promise<RestoreResult>;
const verifyDirectory = notYet("verifyDirectory") as (
  r: Repository,
  sn: Snapshot,
  s: DirectorySource,
  o: VerifyOptions,
) => Promise<VerifyResult>;
const verifyPostgres = notYet("verifyPostgres") as (
  r: Repository,
  sn: Snapshot,
  s: PostgresSource,
  o: VerifyOptions,
) => Promise<VerifyResult>;

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
