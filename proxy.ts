// The first gate: requests without a session cookie never reach a page or an API handler.
// It only checks that a cookie is present; the pages, handlers and actions verify the session
// itself (lib/auth/guard.ts, lib/auth/page.ts), so a forged cookie gets no further.
// It also sets the per-request Content-Security-Policy (with the nonce Next puts on its scripts)
// and refuses malformed server-action requests as client errors (lib/http/action-request.ts).
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";
import { refuseActionRequest } from "@/lib/http/action-request";
import { contentSecurityPolicy, hsts } from "@/lib/http/security-headers";

// /api/metrics decides itself: a Prometheus scraper has the bearer token, not a cookie.
const publicPaths = ["/sign-in", "/setup", "/api/health", "/api/metrics", "/api/auth/"];

export function isPublicPath(pathname: string): boolean {
  return publicPaths.some((p) => (p.endsWith("/") ? pathname.startsWith(p) : pathname === p));
}

function overHttps(request: NextRequest): boolean {
  return (
    request.nextUrl.protocol === "https:" ||
    request.headers.get("x-forwarded-proto") === "https" ||
    (process.env.LIFEBOAT_URL ?? "").startsWith("https:")
  );
}

export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== "production");
  const secure = (response: NextResponse) => {
    response.headers.set("content-security-policy", csp);
    if (overHttps(request)) response.headers.set("strict-transport-security", hsts);
    return response;
  };

  if (request.method === "POST" && request.headers.has("next-action")) {
    const refusal = await refuseActionRequest(request);
    if (refusal) {
      return secure(
        NextResponse.json(
          { error: { code: refusal.code, message: refusal.message } },
          { status: refusal.status },
        ),
      );
    }
  }

  const { pathname } = request.nextUrl;
  if (isPublicPath(pathname) || getSessionCookie(request)) {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
    return secure(NextResponse.next({ request: { headers } }));
  }
  if (pathname.startsWith("/api/")) {
    return secure(
      NextResponse.json(
        { error: { code: "unauthenticated", message: "Sign in to continue." } },
        { status: 401 },
      ),
    );
  }
  // The address the browser used (Next's request.url may say localhost when it was 127.0.0.1).
  const host = request.headers.get("host");
  const url = new URL("/sign-in", host ? `${request.nextUrl.protocol}//${host}` : request.url);
  if (pathname !== "/") url.searchParams.set("next", pathname);
  return secure(NextResponse.redirect(url));
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
