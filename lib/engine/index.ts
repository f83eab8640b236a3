// The engine's public surface: what the dashboard, jobs and CLI use. Internals (pack layout,
// worker protocol, chunker, crypto primitives) stay importable by path for tests and tools but
// are not part of this contract, so they can change without touching callers.

// Where repositories live, and opening or creating them.
export type { Backend, FileInfo, FileType } from "./backend/backend";
export { LocalBackend } from "./backend/local";
export {
  type BackendCredentials,
  openBackend,
  parseRepositoryUrl,
  type RepositoryLocation,
} from "./backend/open-backend";
// Writing: files and folders, or one stream (a database dump).
export { type BackupOptions, type BackupSummary, backup } from "./backup";
export type { ArchiveError } from "./backup/archiver";
export { excludeMatcher } from "./backup/exclude";
export { prewarmFileWorkers } from "./backup/file-pool";
export { backupStream, type StreamBackupOptions, type StreamBackupResult } from "./backup/stream";
export type { Compression } from "./blob";
// Maintenance.
export { type CheckOptions, check, parseSubset } from "./check";
export { type CopyResult, copySnapshots } from "./copy";
// Reading: browse one folder at a time, walk, restore, stream one file.
export { dumpFile } from "./dump";
// Errors, progress and cancellation shared by every long operation.
export { EngineError, type EngineErrorCode, isEngineError, throwIfAborted } from "./errors";
export {
  applyPolicy,
  describePolicy,
  type ForgetGroup,
  type ForgetOptions,
  type ForgetResult,
  forgetGroupsJson,
  forgetSnapshots,
  type GroupBy,
  type GroupKey,
  parseDuration,
  parseGroupBy,
  parseTagList,
  type RetentionRules,
  type SnapshotSelection,
} from "./forget";
export type { EarlyKey, KdfParams } from "./keyfile";
export { addKey, changePassword, type KeyInfo, listKeys, type NewKeyOptions, removeKey } from "./keys";
export {
  acquireLock,
  describeLock,
  type HeldLock,
  type LockInfo,
  listLocks,
  whileLocked,
  withLock,
} from "./lock";
export { findNode, listFolder, listFolder as listTree, loadTree, type WalkEntry, walkSnapshot } from "./ls";
// Snapshots and their trees.
export type { Node, NodeType } from "./node";
export { unixPermissions } from "./node";
export type { LongOperation, Progress, ProgressFn } from "./progress";
export { type PruneOptions, type PruneResult, prune } from "./prune";
export { formatSize } from "./prune/report";
export { type InitOptions, Repository, type RepositoryConfig, type RepositoryOptions } from "./repository";
export { type RestoreOptions, type RestoreSummary, restore } from "./restore";
export { prewarmWriteWorkers } from "./restore/write-pool";
export {
  findSnapshot,
  listSnapshots,
  loadSnapshot,
  type NewSnapshot,
  type Snapshot,
  type SnapshotFilter,
  snapshotTimeNs,
} from "./snapshot";
export { formatGoTime, parseGoTime } from "./time";
export { unlock } from "./unlock";
