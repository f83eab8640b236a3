// check: is the repository whole? Structure first (index against packs and their headers,
// snapshots and the trees and blobs they need), then optionally every byte (--read-data).

import { readPacks, selectPacks } from "./check/read-data";
import { checkSnapshots } from "./check/snapshots";
import {
  checkPackHeaders,
  checkPackSizes,
  gatherPacks,
  loadIndexFiles,
  orphanedPacks,
} from "./check/structure";
import type { CheckError, CheckResult, ReadDataSubset } from "./check/types";
import { acquireLock } from "./lock";
import type { LongOperation } from "./progress";
import type { Repository } from "./repository";

export { parseSubset } from "./check/read-data";
export type { CheckError, CheckErrorKind, CheckResult, ReadDataSubset } from "./check/types";

export interface CheckOptions extends LongOperation {
  /** Read every selected pack in full and verify every blob. */
  readData?: boolean;
  readDataSubset?: ReadDataSubset;
  /** restic's check takes an exclusive lock; --no-lock skips it (read-only storage). */
  noLock?: boolean;
  log?: (line: string) => void;
}

export async function check(repo: Repository, opts: CheckOptions = {}): Promise<CheckResult> {
  const log = opts.log ?? (() => undefined);
  let lock: Awaited<ReturnType<typeof acquireLock>> | null = null;
  if (!opts.noLock) {
    log("create exclusive lock for repository");
    lock = await acquireLock(repo, { exclusive: true });
  }
  try {
    return await checkLocked(repo, opts, log);
  } finally {
    await lock?.release().catch(() => undefined);
  }
}

async function checkLocked(
  repo: Repository,
  opts: CheckOptions,
  log: (line: string) => void,
): Promise<CheckResult> {
  const errors: CheckError[] = [];
  log("load indexes");
  await loadIndexFiles(repo, errors);
  log("check all packs");
  const facts = await gatherPacks(repo);
  const orphaned = orphanedPacks(facts);
  for (const id of orphaned) log(`pack ${id}: not referenced in any index`);
  const present = checkPackSizes(facts, errors);
  await checkPackHeaders(repo, facts, present, errors);
  log("check snapshots, trees and blobs");
  const snapshotsChecked = await checkSnapshots(repo, errors);
  let packsRead = 0;
  if (opts.readData || opts.readDataSubset) {
    const selected = selectPacks(present, opts.readDataSubset);
    log(opts.readDataSubset ? `read ${selected.length} of ${present.length} packs` : "read all data");
    await readPacks(repo, facts, selected, errors, opts);
    packsRead = selected.length;
  }
  return {
    errors: dedupe(errors),
    orphanedPacks: orphaned,
    snapshotsChecked,
    packsChecked: facts.indexed.size,
    packsRead,
  };
}

/** The same problem found by the structure check and again while reading is reported once. */
function dedupe(errors: CheckError[]): CheckError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.kind}|${e.pack ?? ""}|${e.snapshot ?? ""}|${e.blob ?? ""}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
