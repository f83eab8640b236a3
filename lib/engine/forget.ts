// Retention: which snapshots a policy keeps (pure, shared by forget, its dry run and the
// dashboard's preview) and the forget operation that deletes the others' snapshot files.
import { EngineError, isEngineError } from "./errors";
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
import { type PruneResult, prune } from "./prune";
import type { Repository } from "./repository";
import { findSnapshot, listSnapshots, type Snapshot } from "./snapshot";

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
  /**
   * Remove exactly these snapshots (ID prefixes, or "latest" within the selection) instead of
   * applying rules, as `restic forget ID…` does.
   */
  snapshots?: string[];
  /** Prune afterwards when snapshots were removed (a dry run when this is one), as restic's --prune. */
  prune?: boolean;
  /** Receives prune's restic-style progress lines. */
  pruneLog?: (line: string) => void;
}

export interface ForgetResult {
  /** Empty when the policy is empty or snapshots were named: restic then reports no groups. */
  groups: ForgetGroup[];
  /** IDs of the snapshot files deleted (or that would be, in a dry run). */
  removed: string[];
  policyEmpty: boolean;
  /** Named snapshots that were not found, with why; restic warns and carries on. */
  ignored: { ref: string; reason: string }[];
  /** What prune did, when asked to and snapshots were removed. */
  pruned?: PruneResult;
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
  const result = await forgetLocked(repo, rules, opts);
  if (opts.prune && result.removed.length > 0) {
    // prune takes its own exclusive lock; restic holds one lock for both, here there is a moment
    // between them where another process could lock the repository first (prune then fails).
    opts.pruneLog?.(`${result.removed.length} snapshots have been removed, running prune`);
    result.pruned = await prune(repo, { dryRun: opts.dryRun, log: opts.pruneLog });
  }
  return result;
}

async function forgetLocked(
  repo: Repository,
  rules: RetentionRules,
  opts: ForgetOptions,
): Promise<ForgetResult> {
  const lock = await acquireLock(repo, { exclusive: true });
  try {
    const result = opts.snapshots?.length
      ? await resolveNamed(repo, opts.snapshots, opts.selection)
      : await select(repo, rules, opts);
    if (!opts.dryRun) {
      for (const id of result.removed) await repo.backend.remove("snapshots", id);
    }
    return result;
  } finally {
    await lock.release().catch(() => undefined);
  }
}

async function select(repo: Repository, rules: RetentionRules, opts: ForgetOptions): Promise<ForgetResult> {
  if (isEmptyPolicy(rules)) return { groups: [], removed: [], policyEmpty: true, ignored: [] };
  const considered = selectSnapshots(await listSnapshots(repo), opts.selection ?? {});
  const groups = applyPolicy(considered, rules, opts.now, opts.groupBy);
  return {
    groups,
    removed: groups.flatMap((g) => g.remove.map((s) => s.id)),
    policyEmpty: false,
    ignored: [],
  };
}

async function resolveNamed(
  repo: Repository,
  refs: string[],
  selection: SnapshotSelection = {},
): Promise<ForgetResult> {
  const removed = new Set<string>();
  const ignored: ForgetResult["ignored"] = [];
  for (const ref of refs) {
    try {
      if (ref === "latest") {
        const newest = selectSnapshots(await listSnapshots(repo), selection).at(-1);
        if (!newest) throw new EngineError("not_found", "no snapshot matched the given filter");
        removed.add(newest.id);
      } else {
        removed.add((await findSnapshot(repo, ref)).id);
      }
    } catch (err) {
      if (!isEngineError(err, "not_found") && !isEngineError(err, "invalid_argument")) throw err;
      ignored.push({ ref, reason: err.message });
    }
  }
  return { groups: [], removed: [...removed], policyEmpty: false, ignored };
}
