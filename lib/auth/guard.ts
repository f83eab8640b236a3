// Every route handler and server action goes through one of these wrappers, so none can forget
// the session check. The required role is attached to the function, which lets the security test
// (lib/auth/access.test.ts) enumerate all of them and prove that a weaker role is refused. The
// context they hand on is built by lib/auth/context.ts, like every caller's.
import { type ActionResult, AppError, toActionResult, toJsonResponse } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { PublicContext, ServiceContext } from "./context";
import { requestContext } from "./next-context";
import { type Role, requireRole } from "./roles";
import { anonymousWebContext, contextFromHeaders } from "./server";

export interface Guarded {
  /** "public" only for the few entries the security model names (sign-in, first-run setup). */
  requiredRole: Role | "public";
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/** A route handler that needs a signed-in user with at least `role`; errors become JSON. */
export function guardRoute(
  role: Role,
  handler: (ctx: ServiceContext, request: Request, route: RouteContext) => Promise<Response>,
): ((request: Request, route: RouteContext) => Promise<Response>) & Guarded {
  const guarded = async (request: Request, route: RouteContext) => {
    try {
      const ctx = await contextFromHeaders(request.headers);
      requireRole(ctx?.actor, role);
      return await handler(ctx as ServiceContext, request, route);
    } catch (error) {
      logUnexpected(error);
      return toJsonResponse(error);
    }
  };
  return Object.assign(guarded, { requiredRole: role });
}

/** A server action that needs a signed-in user with at least `role`; errors become results. */
export function guardAction<Args extends unknown[], T>(
  role: Role,
  action: (ctx: ServiceContext, ...args: Args) => Promise<T>,
): ((...args: Args) => Promise<ActionResult<T>>) & Guarded {
  const guarded = async (...args: Args): Promise<ActionResult<T>> => {
    try {
      const ctx = await requestContext();
      requireRole(ctx?.actor, role);
      return { ok: true, data: await action(ctx as ServiceContext, ...args) };
    } catch (error) {
      logUnexpected(error);
      return toActionResult(error);
    }
  };
  return Object.assign(guarded, { requiredRole: role });
}

/**
 * A server action open to anonymous callers. The only one is first-run setup, whose service
 * refuses once any user exists; the security test checks that refusal.
 */
export function publicAction<Args extends unknown[], T>(
  action: (ctx: PublicContext, ...args: Args) => Promise<T>,
): ((...args: Args) => Promise<ActionResult<T>>) & Guarded {
  const wrapped = async (...args: Args): Promise<ActionResult<T>> => {
    try {
      return { ok: true, data: await action(await anonymousWebContext(), ...args) };
    } catch (error) {
      logUnexpected(error);
      return toActionResult(error);
    }
  };
  return Object.assign(wrapped, { requiredRole: "public" as const });
}

function logUnexpected(error: unknown) {
  if (!(error instanceof AppError) && (error as { name?: string })?.name !== "ZodError") {
    logger.error({ err: error }, "unexpected error in a request");
  }
}
