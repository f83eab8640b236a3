// How a CLI command reaches lib/services: it acts as the local administrator (audit source "cli")
// with a context built by lib/auth/context.ts's cliContext, like every other caller's.
import type { ServiceContext } from "@/lib/auth/context";

export interface CliSession {
  ctx: ServiceContext;
  driver: "pglite" | "postgres";
}

/** Opens the configured database as the CLI's administrator for the length of `work`. */
export async function withCliSession<T>(work: (session: CliSession) => Promise<T>): Promise<T> {
  const { openDb } = await import("@/db/client");
  const { cliContext } = await import("@/lib/auth/context");
  const { env } = await import("@/lib/env");
  const config = env();
  const handle = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.LIFEBOAT_DATA_DIR });
  try {
    return await work({ ctx: cliContext(handle.db), driver: handle.driver });
  } finally {
    await handle.close();
  }
}

/** The same, for commands that need only the context. */
export function withCliContext<T>(work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  return withCliSession(({ ctx }) => work(ctx));
}
