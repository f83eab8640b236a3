// better-auth over the shared Drizzle schema: email and password, no public sign-up (the first
// admin comes from /setup or the CLI, later users from an admin), disabled users cannot sign in.
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { deriveKey } from "@/lib/secrets";
import { CLIENT_IP_HEADER } from "./http";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-rules";

export interface AuthOptions {
  db: Db;
  secret: string;
  baseURL?: string;
}

/** better-auth's answer to a wrong password; a disabled account gets exactly the same. */
const wrongCredentials = () =>
  APIError.from("UNAUTHORIZED", { code: "INVALID_EMAIL_OR_PASSWORD", message: "Invalid email or password" });

export function createAuth({ db, secret, baseURL }: AuthOptions) {
  return betterAuth({
    appName: "Lifeboat",
    // With LIFEBOAT_URL set, only that origin may sign in. Unset, the origin is the address each
    // request was sent to (lib/auth/http.ts rebuilds the request URL from its Host header), so the
    // dashboard works at 127.0.0.1, localhost or a LAN address alike.
    baseURL,
    logger: {
      level: "warn",
      log(level, message, ...args) {
        // Deriving the origin per request is the design when LIFEBOAT_URL is unset, not a mistake.
        if (!baseURL && message.includes("Base URL is not set")) return;
        logger[level]({ args }, message);
      },
    },
    secret: deriveKey(secret, "lifeboat/auth").toString("hex"),
    database: drizzleAdapter(db, {
      provider: "pg",
      usePlural: true,
      schema: {
        users: schema.users,
        sessions: schema.sessions,
        accounts: schema.accounts,
        verifications: schema.verifications,
      },
    }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
    },
    user: {
      additionalFields: {
        role: { type: "string", input: false, defaultValue: "viewer" },
        disabled: { type: "boolean", input: false, defaultValue: false },
      },
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const [user] = await db
              .select({ disabled: schema.users.disabled })
              .from(schema.users)
              .where(eq(schema.users.id, session.userId));
            // This runs after the password was verified: answer exactly as for a wrong password,
            // so the answer does not tell a guesser that the password was right.
            if (!user || user.disabled) throw wrongCredentials();
            return { data: session };
          },
        },
      },
    },
    advanced: {
      // better-auth turns the origin (CSRF) check off under test runners; keep it on everywhere,
      // so the tests check what production does.
      disableOriginCheck: false,
      // The client's address as lib/auth/http.ts determined it (trusted proxies only); without
      // it (a direct auth.api call) there is no per-address limit.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    // Slows password guessing per client address. Counters live in memory, so the limit is per
    // web process; lib/auth/throttle.ts adds the per-account backoff.
    rateLimit: {
      enabled: true,
      window: 60,
      max: 200,
      customRules: { "/sign-in/email": { window: 60, max: env().LIFEBOAT_SIGN_IN_LIMIT } },
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
