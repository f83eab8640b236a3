// Retention: which snapshots a policy keeps (pure, shared by forget, its dry run and the
// dashboard's preview) and the forget operation that deletes the others' snapshot files.
import { EngineError } from "./errors";
import {
  DEFAULT_GROUP_BY,
  type GroupBy,
  type GroupKey,
  groupSnapshots,
  type SnapshotSelection,
  selectSnapshots,
} from "./forget/group";
import { applyPolicyToGroup, isEmptyPolicy, type PolicyOutcome, type RetentionRules } from "./forget/policy";
import { acquireLock } from "./lock";
import type { Repository } from "./repository";
import { listSnapshots, type Snapshot } from "./snapshot";

export { describePolicy } from "./forget/describe";
export { type Duration, formatDuration, parseDuration } from "./forget/duration";
export {
  DEFAULT_GROUP_BY,
  type GroupBy,
  type GroupKey,
  parseGroupBy,
  parseTagList,
  type SnapshotSelection,
} from "./forget/group";
export { forgetGroupsJson } from "./forget/json";
export { applyPolicyToGroup, isEmptyPolicy, type KeepReason, type RetentionRules } from "./forget/policy";

export interface ForgetGroup extends PolicyOutcome {
  key: GroupKey;
}

/**
 * Splits the snapshots into groups (restic's default: host and paths) and applies the rules to
 * each. `now` only matters for restic's rule that the newest snapshot used by keep-within must
 * not lie in the future.
 */
export function applyPolicy(
  snapshots: Snapshot[],
  rules: RetentionRules,
  now: Date = new Date(),
  groupBy: GroupBy = DEFAULT_GROUP_BY,
): ForgetGroup[] {
  return groupSnapshots(snapshots, groupBy).map((g) => ({
    key: g.key,
    ...applyPolicyToGroup(g.snapshots, rules, now),
  }));
}

export interface ForgetOptions {
  dryRun?: boolean;
  groupBy?: GroupBy;
  /** Only these snapshots are considered at all (--host, --tag, --path). */
  selection?: SnapshotSelection;
  now?: Date;
}

export interface ForgetResult {
  /** Empty when the policy is empty: restic then removes nothing and reports no groups. */
  groups: ForgetGroup[];
  /** IDs of the snapshot files deleted (or that would be, in a dry run). */
  removed: string[];
  policyEmpty: boolean;
}

/**
 * Applies the rules under an exclusive lock (as restic does, even for a dry run) and deletes the
 * snapshot files of what they do not keep. Data stays until a prune.
 */
export async function forgetSnapshots(
  repo: Repository,
  rules: RetentionRules,
  opts: ForgetOptions = {},
): Promise<ForgetResult> {
  const lock = await acquireLock(repo, { exclusive: true });
  try {
    const considered = selectSnapshots(await listSnapshots(repo), opts.selection ?? {});
    if (isEmptyPolicy(rules)) return { groups: [], removed: [], policyEmpty: true };
    const groups = applyPolicy(considered, rules, opts.now, opts.groupBy);
    const removed = groups.flatMap((g) => g.remove.map((s) => s.id));
    if (!opts.dryRun) {
      for (const id of removed) await removeSnapshotFile(repo, id);
    }
    return { groups, removed, policyEmpty: false };
  } finally {
    await lock.release().catch(() => undefined);
  }
}

async function removeSnapshotFile(repo: Repository, id: string): Promise<void> {
  try {
    await repo.backend.remove("snapshots", id);
  } catch (err) {
    throw new EngineError(
      "corrupt",
      `could not remove snapshot ${id.slice(0, 8)}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}
