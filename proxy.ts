// The first gate: requests without a session cookie never reach a page or an API handler.
// It only checks that a cookie is present; the pages, handlers and actions verify the session
// itself (lib/auth/guard.ts, lib/auth/page.ts), so a forged cookie gets no further.
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";

const publicPaths = ["/sign-in", "/setup", "/api/health", "/api/auth/"];

export function isPublicPath(pathname: string): boolean {
  return publicPaths.some((p) => (p.endsWith("/") ? pathname.startsWith(p) : pathname === p));
}

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (isPublicPath(pathname) || getSessionCookie(request)) return NextResponse.next();
  if (pathname.startsWith("/api/")) {
    return NextResponse.json(
      { error: { code: "unauthenticated", message: "Sign in to continue." } },
      { status: 401 },
    );
  }
  const url = new URL("/sign-in", request.url);
  if (pathname !== "/") url.searchParams.set("next", pathname);
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
