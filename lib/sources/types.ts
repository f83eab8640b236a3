// What can be backed up, as the job kinds see it: each source backs up into an engine repository,
// restores from it, and verifies a restore point in scratch space. Sources know nothing of
// Lifeboat's database; the job kinds (lib/jobs/kinds) turn their results into rows.
import type { LongOperation } from "@/lib/engine";

export interface DirectorySource {
  kind: "directory";
  /** Absolute path of the protected folder. */
  path: string;
  /** .gitignore-syntax patterns, relative to `path`. */
  excludes: string[];
}

export interface PostgresSource {
  kind: "postgres";
  /** Full connection URL (decrypted; never logged). */
  databaseUrl: string;
  databaseName: string;
}

export type Source = DirectorySource | PostgresSource;

export interface Warning {
  path: string;
  message: string;
}

export interface SourceOperation extends LongOperation {
  /** One line for the job's log. */
  log?: (line: string) => void;
}

export interface SourceBackupOptions extends SourceOperation {
  hostname: string;
  tags: string[];
  time?: Date;
  /** See BackupOptions.workerNice: for a folder, the engine's worker threads run at it. */
  workerNice?: number;
  /** See BackupOptions.fullCollections. */
  fullCollections?: boolean;
}

export interface SourceBackupResult {
  snapshotId: string;
  snapshotTime: Date;
  /** Bytes read from the source (file contents, or the dump's length). */
  bytesRead: number;
  /** Bytes of new data the repository stored (after compression). */
  bytesAdded: number;
  fileCount: number;
  /** Unreadable files: reported, not fatal. */
  warnings: Warning[];
  /** PostgreSQL: exact row count per table ("schema.table"), recorded with the restore point. */
  rowCounts?: Record<string, number>;
}

export interface RestoreOptions extends SourceOperation {
  /** Directory: folder to restore into. PostgreSQL: name of the database to restore into. */
  target: string;
  /** Directory only: paths inside the restore point (relative to the protected folder). */
  paths?: string[];
  /** Directory: replace existing files; PostgreSQL: drop and recreate the target database. */
  overwrite?: boolean;
}

export interface RestoreResult {
  target: string;
  filesRestored: number;
  bytesRestored: number;
  warnings: Warning[];
}

export interface VerifyOptions extends SourceOperation {
  /** PostgreSQL: row counts recorded at backup time, compared after the scratch restore. */
  expectedRowCounts?: Record<string, number>;
  /** Where scratch restores go (default: the OS temp folder). */
  scratchDir?: string;
}

export interface VerifyResult {
  ok: boolean;
  filesChecked: number;
  bytesChecked: number;
  /** Human-readable reasons when not ok. */
  problems: string[];
}
