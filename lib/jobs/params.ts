// What each job kind finds in `jobs.params`, validated when the job is enqueued and again when it
// runs (a row may have been written by an older version).
import { z } from "zod";

export const backupParams = z.object({
  /** Tag of a manual run ("run now"); scheduled runs carry the policy's schedule. */
  reason: z.string().optional(),
  /** A manual run of an asset without a policy: the repository to back up into (default: the default repository). */
  repositoryId: z.string().uuid().optional(),
});

export const restoreParams = z.object({
  restorePointId: z.string().uuid(),
  /** Paths inside the restore point (directories: with everything below); all when absent. */
  paths: z.array(z.string().min(1)).optional(),
  /** Directory: a folder; PostgreSQL: a database name. Resolved when the job is enqueued. */
  target: z.string().min(1),
  overwrite: z.boolean().default(false),
  /**
   * Restores that must end first (a recovery's earlier stage: databases before the folders that
   * use them). The job waits for them, and fails without restoring when one of them failed.
   */
  after: z.array(z.string().uuid()).optional(),
});

export const verifyParams = z.object({
  restorePointId: z.string().uuid(),
});

export const forgetParams = z.object({
  /** Prune afterwards (the policy's prune interval has passed). */
  prune: z.boolean().default(false),
});

export const checkParams = z.object({
  repositoryId: z.string().uuid(),
  readData: z.boolean().default(false),
});

export type BackupParams = z.infer<typeof backupParams>;
export type RestoreParams = z.infer<typeof restoreParams>;
export type VerifyParams = z.infer<typeof verifyParams>;
export type ForgetParams = z.infer<typeof forgetParams>;
export type CheckParams = z.infer<typeof checkParams>;
