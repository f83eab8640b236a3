// restic's lock files (RESTIC-FORMAT.md §14): several shared locks may coexist, an exclusive
// lock tolerates none. Locks are refreshed by writing a new file and removing the old one.
import os from "node:os";
import { EngineError, isEngineError } from "./errors";
import type { Repository } from "./repository";
import { formatGoTime, parseGoTime } from "./time";

export interface LockInfo {
  id: string;
  time: string;
  exclusive: boolean;
  hostname: string;
  username: string;
  pid: number;
  uid?: number;
  gid?: number;
}

export interface HeldLock {
  readonly id: string;
  /** Locks of dead processes of this host removed on the way in: a sign that one crashed. */
  readonly deadLocksRemoved: number;
  release(): Promise<void>;
}

const STALE_AFTER_MS = 30 * 60 * 1000;
const REFRESH_EVERY_MS = 5 * 60 * 1000;
const RECHECK_DELAY_MS = 200;

function encodeLock(exclusive: boolean): string {
  const info = os.userInfo();
  const json: Record<string, unknown> = {
    time: formatGoTime(new Date()),
    exclusive,
    hostname: os.hostname(),
    username: info.username,
    pid: process.pid,
  };
  if (info.uid) json.uid = info.uid;
  if (info.gid) json.gid = info.gid;
  return JSON.stringify(json);
}

export async function listLocks(repo: Repository): Promise<LockInfo[]> {
  const locks: LockInfo[] = [];
  for await (const file of repo.backend.list("locks")) {
    if (file.size === 0) continue;
    try {
      const raw = JSON.parse(await repo.loadUnpacked("locks", file.name)) as Omit<LockInfo, "id">;
      locks.push({ ...raw, id: file.name });
    } catch (err) {
      // A lock removed between listing and reading is gone, not a conflict.
      if (isEngineError(err, "not_found")) continue;
      throw err;
    }
  }
  return locks;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function isStale(lock: LockInfo, now = Date.now()): boolean {
  if (now - parseGoTime(lock.time).getTime() > STALE_AFTER_MS) return true;
  return lock.hostname === os.hostname() && !pidAlive(lock.pid);
}

export function describeLock(lock: LockInfo): string {
  const kind = lock.exclusive ? "an exclusive" : "a";
  return `${kind} lock held by ${lock.username}@${lock.hostname} (PID ${lock.pid}) since ${lock.time} (lock ${lock.id.slice(0, 8)})`;
}

function conflicting(locks: LockInfo[], exclusive: boolean, ownId?: string): LockInfo | undefined {
  return locks.find((l) => l.id !== ownId && (exclusive || l.exclusive));
}

/** A lock left by a process of this host that no longer exists can never be released by it. */
function deadOnThisHost(lock: LockInfo): boolean {
  return lock.hostname === os.hostname() && !pidAlive(lock.pid);
}

/**
 * `onWritten` fires once this process's lock file is stored, before the conflict re-check (see
 * startLock for what may happen from then on).
 */
export async function acquireLock(
  repo: Repository,
  opts: { exclusive: boolean; onWritten?: (deadLocksRemoved: number) => void },
): Promise<HeldLock> {
  let existing = await listLocks(repo);
  // restic 0.14 makes the user run `unlock` even then; a crashed Lifeboat worker would block
  // every prune and check until someone did. Removing only provably dead local holders is safe.
  const dead = existing.filter(deadOnThisHost);
  for (const lock of dead) await repo.backend.remove("locks", lock.id);
  existing = existing.filter((l) => !deadOnThisHost(l));
  const before = conflicting(existing, opts.exclusive);
  if (before) throw lockedError(repo, before);
  let id = await repo.saveUnpacked("locks", encodeLock(opts.exclusive));
  opts.onWritten?.(dead.length);
  // Two processes may have checked at the same moment; look again once both have written.
  await new Promise((r) => setTimeout(r, RECHECK_DELAY_MS));
  const after = conflicting(await listLocks(repo), opts.exclusive, id);
  if (after) {
    await repo.backend.remove("locks", id);
    throw lockedError(repo, after);
  }
  let released = false;
  const timer = setInterval(async () => {
    try {
      const fresh = await repo.saveUnpacked("locks", encodeLock(opts.exclusive));
      const old = id;
      id = fresh;
      await repo.backend.remove("locks", old);
    } catch {
      // The next refresh tries again; a lock is only stale after 30 minutes.
    }
  }, REFRESH_EVERY_MS);
  timer.unref();
  return {
    get id() {
      return id;
    },
    deadLocksRemoved: dead.length,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await repo.backend.remove("locks", id);
    },
  };
}

/** A lock whose file is stored but whose conflict re-check may still be running. */
export interface PendingLock {
  /** Aborted when the re-check finds a conflicting lock: stop the work. */
  readonly signal: AbortSignal;
  /** The lock once the re-check passed; rejects with the conflict otherwise. */
  readonly confirmed: Promise<HeldLock>;
  /** Releases the lock if it was obtained (safe to call whatever happened). */
  release(): Promise<void>;
  /** Locks of dead processes of this host removed before this one was stored. */
  readonly deadLocksRemoved: number;
}

/**
 * Takes a lock as acquireLock does, but returns as soon as this process's lock file is stored,
 * 200 ms before the re-check's verdict. From then on no other process can start a conflicting
 * operation, so the caller may read, and write data that nothing references yet (packs); it
 * awaits `confirmed` before anything that changes what the repository means (an index, a
 * snapshot, a deletion). Throws at once if a conflicting lock is already there.
 */
export async function startLock(repo: Repository, exclusive: boolean): Promise<PendingLock> {
  let deadLocksRemoved = 0;
  let stored = (_dead: number) => {};
  const written = new Promise<void>((resolve) => {
    stored = (dead) => {
      deadLocksRemoved = dead;
      resolve();
    };
  });
  const confirmed = acquireLock(repo, { exclusive, onWritten: stored });
  const refused = new AbortController();
  confirmed.catch(() => refused.abort());
  await Promise.race([written, confirmed]);
  return {
    signal: refused.signal,
    confirmed,
    deadLocksRemoved,
    async release() {
      const lock = await confirmed.catch(() => undefined);
      await lock?.release().catch(() => undefined);
    },
  };
}

/**
 * Runs `work` under a lock taken with startLock: it starts once the lock file is stored, is
 * given a signal that also fires if the re-check refuses the lock, and its result counts only
 * once the lock is confirmed. For work whose writes, if any, mean nothing until it returns:
 * restores and restore drills, which only read the repository.
 */
export async function whileLocked<T>(
  repo: Repository,
  opts: { exclusive: boolean; signal?: AbortSignal },
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const lock = await startLock(repo, opts.exclusive);
  const signal = opts.signal ? AbortSignal.any([opts.signal, lock.signal]) : lock.signal;
  try {
    const result = await work(signal);
    await lock.confirmed;
    return result;
  } catch (err) {
    await lock.confirmed; // a refused lock is the reason to report
    throw err;
  } finally {
    await lock.release();
  }
}

function lockedError(repo: Repository, holder: LockInfo): EngineError {
  const stale = isStale(holder) ? " It looks stale: run `unlock` to remove it." : "";
  return new EngineError(
    "locked",
    `repository ${repo.backend.location()} is locked: ${describeLock(holder)}.${stale}`,
  );
}

/** Removes locks that restic considers stale; returns what it removed. */
export async function removeStaleLocks(repo: Repository): Promise<LockInfo[]> {
  const removed = (await listLocks(repo)).filter((l) => isStale(l));
  for (const l of removed) await repo.backend.remove("locks", l.id);
  return removed;
}

export async function removeAllLocks(repo: Repository): Promise<LockInfo[]> {
  const all = await listLocks(repo);
  for (const l of all) await repo.backend.remove("locks", l.id);
  return all;
}

/** Runs `fn` while holding a lock, releasing it whatever happens. */
export async function withLock<T>(
  repo: Repository,
  exclusive: boolean,
  fn: (lock: HeldLock) => Promise<T>,
): Promise<T> {
  const lock = await acquireLock(repo, { exclusive });
  try {
    return await fn(lock);
  } finally {
    await lock.release().catch(() => undefined);
  }
}
