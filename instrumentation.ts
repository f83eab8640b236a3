// Runs once when a Next.js server process starts: open (and migrate) the database now, so the
// first request does not pay PGlite's start-up of several seconds.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDbHandle } = await import("@/db");
  const { logger } = await import("@/lib/logger");
  const started = Date.now();
  const handle = await getDbHandle();
  logger.info({ driver: handle.driver, ms: Date.now() - started }, "database ready");
}
