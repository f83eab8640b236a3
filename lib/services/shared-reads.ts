// Reads that many requests share. When fifty people open the overview in the same second, it is
// computed once (about a dozen queries and the protection of every asset) and the answer is
// shared, for at most `maxAgeMs`, and only while nothing changed: a mutation through a service
// in this process, or a job changing status anywhere (LISTEN/NOTIFY, lib/jobs/events.ts), starts
// a new read. Changes made only by another process and not through a job (another web process,
// the CLI) show after `maxAgeMs` at most.
import type { Db } from "@/db/client";
import { dataChangeCount, noteDataChange } from "@/lib/data-changes";
import { type JobEvent, subscribeJobEvents } from "@/lib/jobs/events";

interface Entry {
  count: number;
  at: number;
  value: Promise<unknown>;
}

interface Shared {
  entries: Map<string, Entry>;
  /** Whether job changes are being heard; without that nothing is shared. */
  watching: Promise<boolean>;
}

const MAX_TRACKED_JOBS = 1000;
const byDb = new WeakMap<Db, Shared>();

/** A job's status changes (not its progress) change what shared reads show. */
function statusChanges(): (event: JobEvent) => void {
  const statusOf = new Map<string, string>();
  return (event) => {
    if (statusOf.get(event.id) === event.status) return;
    if (statusOf.size >= MAX_TRACKED_JOBS) {
      const oldest = statusOf.keys().next().value;
      if (oldest !== undefined) statusOf.delete(oldest);
    }
    statusOf.set(event.id, event.status);
    noteDataChange();
  };
}

function sharedOf(db: Db): Shared {
  let shared = byDb.get(db);
  if (!shared) {
    const watching = subscribeJobEvents({ db }, statusChanges()).then(
      () => true,
      () => {
        byDb.delete(db);
        return false;
      },
    );
    shared = { entries: new Map(), watching };
    byDb.set(db, shared);
  }
  return shared;
}

export async function sharedRead<T>(
  db: Db,
  key: string,
  maxAgeMs: number,
  load: () => Promise<T>,
): Promise<T> {
  const shared = sharedOf(db);
  if (!(await shared.watching)) return load();
  const count = dataChangeCount();
  const now = Date.now();
  const hit = shared.entries.get(key);
  if (hit && hit.count === count && now - hit.at < maxAgeMs) return hit.value as Promise<T>;
  const value = load();
  shared.entries.set(key, { count, at: now, value });
  value.catch(() => {
    if (shared.entries.get(key)?.value === value) shared.entries.delete(key);
  });
  return value;
}
