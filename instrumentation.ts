// Runs once when a Next.js server process starts: open (and migrate) the database now, so the
// first request does not pay PGlite's start-up of several seconds. Then, unless
// LIFEBOAT_WORKER=off (the scaled shape, where `lifeboat worker` runs jobs elsewhere), this
// process runs the job worker and the scheduler too (the embedded shape). Both are cheap while
// idle: one claim query a second and one scheduler tick every 15 s.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before any request: stamp each request with its TCP peer (see lib/http/peer-header.ts).
  const { installPeerHeader } = await import("@/lib/http/peer-header");
  installPeerHeader();
  const { getDbHandle } = await import("@/db");
  const { logger } = await import("@/lib/logger");
  const started = Date.now();
  const handle = await getDbHandle();
  logger.info({ driver: handle.driver, ms: Date.now() - started }, "database ready");

  const { env } = await import("@/lib/env");
  // The embedded database has one owner, this process: `lifeboat` commands in another shell
  // reach it through this socket (db/owner.ts). Dev reloads run register() again: serve once.
  const socketKey = Symbol.for("lifeboat.dbSocket");
  const socketStore = globalThis as typeof globalThis & { [socketKey]?: Promise<unknown> };
  const { serveEmbeddedDb } = await import("@/db/owner");
  socketStore[socketKey] ??= serveEmbeddedDb(handle, env().LIFEBOAT_DATA_DIR, {
    workerHost: env().LIFEBOAT_WORKER === "off" ? null : undefined,
    onError: (error) => logger.warn({ err: error }, "a database socket client failed"),
  }).then(
    (server) => server && logger.info({ socket: server.path }, "serving the embedded database to the CLI"),
    (error) => logger.error({ err: error }, "cannot serve the embedded database to the CLI"),
  );
  if (env().LIFEBOAT_WORKER === "off") {
    logger.info("LIFEBOAT_WORKER=off: this process runs no jobs and no scheduler");
    return;
  }
  // Dev reloads run register() again in the same process: one worker per process.
  const key = Symbol.for("lifeboat.jobRuntime");
  const store = globalThis as typeof globalThis & { [key]?: Promise<unknown> };
  if (store[key]) return;
  // Loaded outside the bundle (see lib/load-unbundled.ts); it shares this process's database
  // handle, which db/index.ts keeps on globalThis.
  const { importUnbundled } = await import("@/lib/load-unbundled");
  const { startJobRuntime } =
    await importUnbundled<typeof import("@/lib/jobs/runtime")>("lib/jobs/runtime.ts");
  const { secretsOf } = await import("@/lib/services/context");
  store[key] = startJobRuntime({ handle, secrets: secretsOf({}) }).catch((error) => {
    store[key] = undefined;
    logger.error({ err: error }, "the job worker did not start");
  });
}
