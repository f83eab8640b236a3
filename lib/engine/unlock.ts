// unlock: remove locks nobody holds any more (restic's rules: older than 30 minutes, or made by a
// process of this host that is gone), or every lock with removeAll.
import { type LockInfo, removeAllLocks, removeStaleLocks } from "./lock";
import type { Repository } from "./repository";

export type { LockInfo } from "./lock";

export async function unlock(repo: Repository, opts: { removeAll?: boolean } = {}): Promise<LockInfo[]> {
  return opts.removeAll ? removeAllLocks(repo) : removeStaleLocks(repo);
}
