// A job's readable log and its progress columns. The log is text in the row (one line per event,
// "2026-11-28T21:00:00Z message"), capped so a chatty run cannot grow a row without bound: the
// oldest whole lines go first. Progress is written at most about once a second however often
// the engine reports it, with a final flush so the row ends on the true figures.
import { eq, type SQL, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { jobs } from "@/db/schema";
import type { Progress } from "@/lib/engine";

/** Characters of log kept per job (the newest). */
export const LOG_CAP = 256 * 1024;

export type LogSql = SQL;

/** SQL for `previous` with one timestamped line appended (database clock), capped at LOG_CAP. */
export function logLine(previous: SQL, message: SQL): SQL {
  const joined = sql`(${previous} || to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' ' || replace(${message}, E'\n', ' ') || E'\n')`;
  return sql`case when length(${joined}) <= ${LOG_CAP} then ${joined}
    else regexp_replace(right(${joined}, ${LOG_CAP}), '^[^\n]*\n', '') end`;
}

export async function appendJobLog(db: Queryable, id: string, line: string): Promise<void> {
  await db
    .update(jobs)
    .set({ log: logLine(sql`${jobs.log}`, sql`${line}::text`) })
    .where(eq(jobs.id, id));
}

export interface ProgressWriter {
  /** Remembers the figures; writes them now or when the interval has passed. */
  update(p: Progress): void;
  /** Writes whatever is pending and waits for it. */
  flush(): Promise<void>;
}

export function createProgressWriter(
  db: Queryable,
  id: string,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): ProgressWriter {
  const intervalMs = options.intervalMs ?? 1000;
  let pending: Progress | null = null;
  let lastWrite = 0;
  let inFlight: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const write = (): Promise<void> => {
    const p = pending;
    if (!p) return Promise.resolve();
    pending = null;
    lastWrite = Date.now();
    const run = db
      .update(jobs)
      .set({
        bytesDone: Math.round(p.bytesDone),
        bytesTotal: p.bytesTotal === undefined ? null : Math.round(p.bytesTotal),
        filesDone: p.filesDone,
        filesTotal: p.filesTotal ?? null,
        currentPath: p.currentPath ?? null,
      })
      .where(eq(jobs.id, id))
      .then(
        () => undefined,
        (error) => options.onError?.(error),
      )
      .finally(() => {
        inFlight = null;
      });
    inFlight = run;
    return run;
  };

  const schedule = () => {
    if (timer || inFlight) return;
    const wait = Math.max(0, lastWrite + intervalMs - Date.now());
    timer = setTimeout(() => {
      timer = null;
      void write().then(() => {
        // Figures that arrived while the write was in flight are written on the next slot.
        if (pending) schedule();
      });
    }, wait);
    timer.unref?.();
  };

  return {
    update(p) {
      pending = { ...p };
      schedule();
    },
    async flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      if (inFlight) await inFlight;
      await write();
    },
  };
}
