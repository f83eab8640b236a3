// The web process's auth instance and request contexts, over the process-wide database. No
// Next.js import: route handlers pass the request's headers; next-context.ts reads them for pages
// and server actions.
import { timingSafeEqual } from "node:crypto";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { type Auth, createAuth } from "./auth";
import {
  metricsTokenContext,
  type PublicContext,
  publicContext,
  type ServiceContext,
  sessionContext,
} from "./context";
import { SignInThrottle } from "./throttle";

const globalKey = Symbol.for("lifeboat.auth");
type GlobalWithAuth = typeof globalThis & { [globalKey]?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  const store = globalThis as GlobalWithAuth;
  store[globalKey] ??= getDb().then((db) =>
    createAuth({ db, secret: env().LIFEBOAT_SECRET, baseURL: env().LIFEBOAT_URL }),
  );
  return store[globalKey];
}

const throttleKey = Symbol.for("lifeboat.signInThrottle");
type GlobalWithThrottle = typeof globalThis & { [throttleKey]?: SignInThrottle };

/** One per process (dev reloads keep it), like better-auth's own rate-limit counters. */
export function getSignInThrottle(): SignInThrottle {
  const store = globalThis as GlobalWithThrottle;
  store[throttleKey] ??= new SignInThrottle();
  return store[throttleKey];
}

/** The signed-in user's context for these request headers, or null without a valid session. */
export async function contextFromHeaders(headers: Headers): Promise<ServiceContext | null> {
  const [db, auth] = await Promise.all([getDb(), getAuth()]);
  return sessionContext(db, auth, headers);
}

/** An anonymous web caller's context (first-run setup, health). */
export async function anonymousWebContext(): Promise<PublicContext> {
  return publicContext(await getDb(), "ui");
}

/**
 * A scraper's context when the request carries `Authorization: Bearer <LIFEBOAT_METRICS_TOKEN>`
 * (compared in constant time); null otherwise, and always when the variable is unset.
 */
export async function metricsTokenFromHeaders(headers: Headers): Promise<ServiceContext | null> {
  const token = process.env.LIFEBOAT_METRICS_TOKEN;
  const header = headers.get("authorization") ?? "";
  if (!token || !header.startsWith("Bearer ")) return null;
  const given = Buffer.from(header.slice("Bearer ".length));
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return metricsTokenContext(await getDb());
}
