// better-auth over the shared Drizzle schema: email and password, no public sign-up (the first
// admin comes from /setup or the CLI, later users from an admin), disabled users cannot sign in.
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { deriveKey } from "@/lib/secrets";

export interface AuthOptions {
  db: Db;
  secret: string;
  baseURL?: string;
}

export function createAuth({ db, secret, baseURL }: AuthOptions) {
  return betterAuth({
    appName: "Lifeboat",
    baseURL,
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
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
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
            // Returning false makes better-auth refuse the sign-in.
            return user && !user.disabled ? { data: session } : false;
          },
        },
      },
    },
    // Slows password guessing. Counters live in memory, so the limit is per web process.
    rateLimit: {
      enabled: true,
      window: 60,
      max: 200,
      customRules: { "/sign-in/email": { window: 60, max: 20 } },
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
