// Job kind → handler. Each kind lives in lib/jobs/kinds/<kind>.ts and is loaded on first use, so
// a worker that never restores does not load the restore code (nor its dependencies), and the
// web process starts quickly. A kind module exports its handler as `default` or as
// `run<Kind>Job` (runBackupJob, runRestoreJob, …).
import { type JobKind, jobKinds } from "@/db/schema";
import type { JobHandler, JobHandlers } from "./types";

type KindModule = Record<string, unknown>;

// Literal paths, so bundlers (esbuild for the CLI, Next for the web process) include every kind.
const loaders: Record<JobKind, () => Promise<KindModule>> = {
  backup: () => import("./kinds/backup"),
  restore: () => import("./kinds/restore"),
  verify: () => import("./kinds/verify"),
  forget: () => import("./kinds/forget"),
  check: () => import("./kinds/check"),
};

function handlerOf(kind: JobKind, mod: KindModule): JobHandler {
  const named = `run${kind[0].toUpperCase()}${kind.slice(1)}Job`;
  const handler = mod[named] ?? mod.default;
  if (typeof handler !== "function") {
    throw new Error(`lib/jobs/kinds/${kind}.ts exports no handler (expected ${named} or default)`);
  }
  return handler as JobHandler;
}

const cache = new Map<JobKind, Promise<JobHandler>>();

export function loadHandler(kind: JobKind): Promise<JobHandler> {
  let loaded = cache.get(kind);
  if (!loaded) {
    loaded = loaders[kind]().then((mod) => handlerOf(kind, mod));
    // A failed load (syntax error while developing) is retried on the next job, not cached.
    loaded.catch(() => cache.delete(kind));
    cache.set(kind, loaded);
  }
  return loaded;
}

/** Every kind, each loading its module on first use. */
export const defaultHandlers: JobHandlers = Object.fromEntries(
  jobKinds.map((kind) => [kind, async (ctx) => (await loadHandler(kind))(ctx)] as [JobKind, JobHandler]),
) as JobHandlers;
