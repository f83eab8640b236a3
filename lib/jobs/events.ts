// Job changes as they happen, for the dashboard's live views. The database announces them
// (migration 0003: a trigger on jobs calls pg_notify), so a job moved by any process is seen:
// on PostgreSQL through one LISTEN connection per process, on PGlite through its in-process
// listen. Either way one subscription per process feeds an in-process emitter, and every open
// browser stream listens to that emitter, not to the database.
import { EventEmitter } from "node:events";
import type { DbHandle } from "@/db/client";

export const JOB_CHANNEL = "lifeboat_jobs";

export interface JobEvent {
  id: string;
  kind: string;
  status: string;
  assetId: string | null;
  policyId: string | null;
  bytesDone: number;
  bytesTotal: number | null;
  filesDone: number;
  filesTotal: number | null;
  startedAt: string | null;
  finishedAt: string | null;
}

interface Hub {
  emitter: EventEmitter;
  listening: Promise<void> | null;
}

type ListeningClient = { listen(channel: string, cb: (payload: string) => void): Promise<unknown> };

// On globalThis: the job runtime is loaded outside Next's bundle and dev reloads re-evaluate
// modules; both must share this process's hub. One hub per database client (tests open several).
const key = Symbol.for("lifeboat.jobEvents");
function hubOf(client: ListeningClient): Hub {
  const store = globalThis as typeof globalThis & { [key]?: WeakMap<object, Hub> };
  store[key] ??= new WeakMap();
  let hub = store[key].get(client);
  if (!hub) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    hub = { emitter, listening: null };
    store[key].set(client, hub);
  }
  return hub;
}

function parse(payload: string): JobEvent | null {
  try {
    return JSON.parse(payload) as JobEvent;
  } catch {
    return null;
  }
}

/** Calls `onEvent` for every job change until the returned function is called. */
export async function subscribeJobEvents(
  handle: Pick<DbHandle, "db">,
  onEvent: (event: JobEvent) => void,
): Promise<() => void> {
  const client = (handle.db as unknown as { $client: ListeningClient }).$client;
  const hub = hubOf(client);
  // postgres.js keeps a dedicated connection for LISTEN and listens again after reconnecting.
  hub.listening ??= client
    .listen(JOB_CHANNEL, (payload) => {
      const event = parse(payload);
      if (event) hub.emitter.emit("job", event);
    })
    .then(
      () => undefined,
      (error) => {
        hub.listening = null;
        throw error;
      },
    );
  await hub.listening;
  hub.emitter.on("job", onEvent);
  return () => hub.emitter.off("job", onEvent);
}
