// better-auth's own endpoints (sign-in, sign-out, session). Public by nature: they are how a
// session is obtained; public sign-up is disabled in lib/auth/auth.ts. lib/auth/http.ts decides
// the request's origin and client address and throttles failed sign-ins per account.
import { handleAuthRequest } from "@/lib/auth/http";
import { getAuth, getSignInThrottle } from "@/lib/auth/server";
import { env } from "@/lib/env";
import { parseTrustedProxies } from "@/lib/http/client-ip";

export const dynamic = "force-dynamic";

async function handle(request: Request): Promise<Response> {
  const auth = await getAuth();
  return handleAuthRequest(auth.handler, request, {
    trusted: parseTrustedProxies(env().LIFEBOAT_TRUSTED_PROXIES),
    throttle: getSignInThrottle(),
  });
}

export const GET = handle;
export const POST = handle;
