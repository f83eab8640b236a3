// What stands between the network and better-auth's handler (app/api/auth/[...all]/route.ts):
// - the request's URL is rebuilt from the Host it was sent to (Next.js hands route handlers a URL
//   naming `localhost` whatever the browser used), so with LIFEBOAT_URL unset better-auth's origin
//   check accepts exactly the address the dashboard was opened at (127.0.0.1, a LAN address…);
// - X-Forwarded-* are believed only from LIFEBOAT_TRUSTED_PROXIES, and the client's address is
//   handed to better-auth's rate limiter in a header of our own that no client can set;
// - a per-account, per-client backoff on failed sign-ins (lib/auth/throttle.ts);
// - session tokens are taken out of JSON answers: the HttpOnly cookie is the session, and page
//   scripts have no use for its value.
import { clientAddress, PEER_HEADER, type TrustedProxies } from "@/lib/http/client-ip";
import { publicAddress } from "@/lib/http/public-origin";
import type { SignInThrottle } from "./throttle";

export const CLIENT_IP_HEADER = "x-lifeboat-client-ip";
/** Sign-in bodies are an email and a password; anything bigger is not one. */
const MAX_BODY_BYTES = 64 * 1024;
const hostPattern = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

export interface AuthHttpOptions {
  trusted: TrustedProxies;
  throttle: SignInThrottle;
}

function json(status: number, code: string, message: string, headers?: Record<string, string>) {
  return Response.json({ code, message }, { status, headers: { "cache-control": "no-store", ...headers } });
}

export async function handleAuthRequest(
  handler: (request: Request) => Promise<Response>,
  request: Request,
  { trusted, throttle }: AuthHttpOptions,
): Promise<Response> {
  const peer = request.headers.get(PEER_HEADER);
  const client = clientAddress(peer, request.headers.get("x-forwarded-for"), trusted);
  const original = new URL(request.url);
  const { host, protocol, viaProxy } = publicAddress(request.headers, trusted, original);
  const headers = new Headers(request.headers);
  headers.delete(CLIENT_IP_HEADER);
  headers.delete(PEER_HEADER);
  if (client) headers.set(CLIENT_IP_HEADER, client);
  if (!viaProxy) {
    for (const h of ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-for"]) headers.delete(h);
  }
  if (!hostPattern.test(host)) return json(400, "BAD_HOST", "The Host header is not a host name.");
  const url = new URL(`${original.pathname}${original.search}`, `${protocol}//${host}`);

  let body: ArrayBuffer | undefined;
  if (request.method !== "GET" && request.method !== "HEAD") {
    if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
      return json(413, "BODY_TOO_LARGE", "The request body is too large.");
    }
    body = await request.arrayBuffer();
    if (body.byteLength > MAX_BODY_BYTES)
      return json(413, "BODY_TOO_LARGE", "The request body is too large.");
  }

  const signIn = request.method === "POST" && url.pathname.endsWith("/sign-in/email");
  const account = signIn ? emailOf(body) : null;
  if (account) {
    const wait = throttle.waitMs(account, client);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return json(
        429,
        "TOO_MANY_ATTEMPTS",
        `Too many failed sign-ins for this account. Try again in ${seconds} s.`,
        { "retry-after": String(seconds) },
      );
    }
  }

  const response = await handler(new Request(url, { method: request.method, headers, body }));
  if (account) {
    if (response.status === 401) throttle.failed(account, client);
    else if (response.ok) throttle.succeeded(account, client);
  }
  return withoutTokens(response);
}

function emailOf(body: ArrayBuffer | undefined): string | null {
  if (!body) return null;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { email?: unknown };
    return typeof parsed.email === "string" && parsed.email ? parsed.email : null;
  } catch {
    return null;
  }
}

/** Removes every `token` field from a JSON answer (sign-in, get-session, list-sessions). */
async function withoutTokens(response: Response): Promise<Response> {
  if (!response.headers.get("content-type")?.includes("application/json")) return response;
  const text = await response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new Response(text, response);
  }
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(strip(value)), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "token")
        .map(([key, v]) => [key, strip(v)]),
    );
  }
  return value;
}
