// The web process's auth instance and context, built once over the process-wide database.
import { type Db, getDb } from "@/db";
import { env } from "@/lib/env";
import { type Auth, createAuth } from "./auth";
import type { Actor } from "./roles";
import { actorFromHeaders } from "./session";

const globalKey = Symbol.for("lifeboat.auth");
type GlobalWithAuth = typeof globalThis & { [globalKey]?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  const store = globalThis as GlobalWithAuth;
  store[globalKey] ??= getDb().then((db) =>
    createAuth({ db, secret: env().LIFEBOAT_SECRET, baseURL: env().LIFEBOAT_URL }),
  );
  return store[globalKey];
}

export interface RequestContext {
  db: Db;
  actor: Actor | null;
}

export async function contextFromHeaders(headers: Headers): Promise<RequestContext> {
  const [db, auth] = await Promise.all([getDb(), getAuth()]);
  return { db, actor: await actorFromHeaders(auth, db, headers) };
}
