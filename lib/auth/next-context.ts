// The Next.js-specific builders: read the request's headers through next/headers for pages and
// server actions. Everything else about contexts is in context.ts, which imports no Next.js.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import type { PublicContext, ServiceContext } from "./context";
import { hasRole, type Role } from "./roles";
import { anonymousWebContext, contextFromHeaders } from "./server";

/**
 * The current request's signed-in context, or null (server actions). Memoised per server render
 * (React cache): the dashboard layout and its page both ask, and each ask is a session lookup.
 */
export const requestContext = cache(async (): Promise<ServiceContext | null> => {
  return contextFromHeaders(await headers());
});

/**
 * A page's context: without a valid session it redirects to sign-in; `allowed` says whether the
 * user's role reaches `role`, so the page can say why instead of rendering.
 */
export async function requirePageContext(
  role: Role = "viewer",
): Promise<{ ctx: ServiceContext; actor: ServiceContext["actor"]; allowed: boolean }> {
  await connection();
  const ctx = await requestContext();
  if (!ctx) redirect("/sign-in");
  return { ctx, actor: ctx.actor, allowed: hasRole(ctx.actor, role) };
}

/** A public page's context (sign-in, setup): no session needed, only publicService accepts it. */
export async function publicRequestContext(): Promise<PublicContext> {
  await connection();
  return anonymousWebContext();
}
