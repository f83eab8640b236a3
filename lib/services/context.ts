// What every service function receives is built in lib/auth/context.ts (one branded type for every
// caller); this file re-exports it for services and adds the secret box they encrypt with.
import { env } from "@/lib/env";
import { createSecretBox, type SecretBox } from "@/lib/secrets";

export type { PublicContext, ServiceContext } from "@/lib/auth/context";

let configured: SecretBox | undefined;

/** The context's secret box, or the one keyed by LIFEBOAT_SECRET. */
export function secretsOf(ctx: { secrets?: SecretBox }): SecretBox {
  if (ctx.secrets) return ctx.secrets;
  configured ??= createSecretBox(env().LIFEBOAT_SECRET);
  return configured;
}
