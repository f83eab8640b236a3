// Commands that work on Lifeboat's own database act as the local administrator (audit source
// "cli") through the same lib/services as the dashboard.
import { openDb } from "@/db/client";
import { cliActor } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import type { ServiceContext } from "@/lib/services/users";

export async function withCliContext<T>(work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const config = env();
  const handle = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.LIFEBOAT_DATA_DIR });
  try {
    return await work({ actor: cliActor, db: handle.db });
  } finally {
    await handle.close();
  }
}
