// How a CLI command reaches lib/services: it acts as the local administrator (audit source "cli")
// with a context built by lib/auth/context.ts's cliContext, like every other caller's, on the
// database the running server owns when one runs.
import type { ServiceContext } from "@/lib/auth/context";

export interface CliSession {
  ctx: ServiceContext;
  /** "pglite" when this command opened the embedded folder itself (no server was running). */
  driver: "pglite" | "postgres";
  /** Set when the command reached the embedded database through the running server's socket. */
  viaSocket?: string;
}

/**
 * Opens the configured database as the CLI's administrator for the length of `work`: PostgreSQL,
 * or the embedded database through the running server (one owner), or opened here when no
 * server runs (db/owner.ts).
 */
export async function withCliSession<T>(work: (session: CliSession) => Promise<T>): Promise<T> {
  const { openSharedDb } = await import("@/db/owner");
  const { cliContext } = await import("@/lib/auth/context");
  const { env } = await import("@/lib/env");
  const config = env();
  const handle = await openSharedDb({ databaseUrl: config.DATABASE_URL, dataDir: config.LIFEBOAT_DATA_DIR });
  try {
    return await work({ ctx: cliContext(handle.db), driver: handle.driver, viaSocket: handle.viaSocket });
  } finally {
    await handle.close();
  }
}

/** The same, for commands that need only the context. */
export function withCliContext<T>(work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  return withCliSession(({ ctx }) => work(ctx));
}
