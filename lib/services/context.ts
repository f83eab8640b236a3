// What every service function receives: who is acting, the database, and (optionally) the box
// that encrypts secrets at rest. Tests pass their own box; everything else uses the configured one.
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { createSecretBox, type SecretBox } from "@/lib/secrets";

export interface ServiceContext {
  actor: Actor;
  db: Db;
  secrets?: SecretBox;
}

let configured: SecretBox | undefined;

/** The context's secret box, or the one keyed by LIFEBOAT_SECRET. */
export function secretsOf(ctx: { secrets?: SecretBox }): SecretBox {
  if (ctx.secrets) return ctx.secrets;
  configured ??= createSecretBox(env().LIFEBOAT_SECRET);
  return configured;
}
