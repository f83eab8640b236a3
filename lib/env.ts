// Configuration, parsed once with zod. A bad value stops start-up with a message that names the
// variable and what is wrong with it.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseTrustedProxies } from "./http/client-ip";

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const envSchema = z.object({
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\/.+/.test(v), {
    message: "must be a PostgreSQL connection URL such as postgres://user:pass@host:5432/lifeboat",
  }),
  LIFEBOAT_DATA_DIR: optionalText.transform((v) =>
    path.resolve(/* turbopackIgnore: true */ v ?? ".lifeboat"),
  ),
  LIFEBOAT_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, {
    message: "must be at least 32 characters (for example the output of `openssl rand -base64 32`)",
  }),
  LIFEBOAT_WORKER: optionalText.pipe(z.enum(["embedded", "off"]).default("embedded")),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.refine((v) => v === undefined || URL.canParse(v), {
    message: "must be a URL such as http://localhost:11434/v1",
  }),
  LIFEBOAT_MODEL: optionalText,
  // Lets a Prometheus scraper read /api/metrics with `Authorization: Bearer <token>`, no session.
  // Validated here; the route reads it per request.
  LIFEBOAT_METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: "must be at least 16 characters",
  }),
  // Proxies whose X-Forwarded-For/-Proto/-Host are believed (addresses or CIDR ranges, comma
  // separated). Unset: nobody's, the TCP peer is the client.
  LIFEBOAT_TRUSTED_PROXIES: optionalText.superRefine((v, ctx) => {
    try {
      parseTrustedProxies(v);
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        message: `${(error as Error).message} (expected e.g. 10.0.0.1, 172.16.0.0/12)`,
      });
    }
  }),
  // Sign-in attempts per minute from one client address (better-auth's limit on /sign-in/email).
  LIFEBOAT_SIGN_IN_LIMIT: optionalText
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1), {
      message: "must be a whole number of attempts per minute, at least 1",
    })
    .transform((v) => (v === undefined ? 20 : Number(v))),
  LIFEBOAT_URL: optionalText.refine((v) => v === undefined || URL.canParse(v), {
    message: "must be the public URL of the dashboard, such as https://backup.example.com",
  }),
});

export type Env = z.output<typeof envSchema> & { LIFEBOAT_SECRET: string };

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/** Parses and resolves the configuration; generates the secret in the embedded shape. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Lifeboat cannot start: invalid configuration\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (env.LIFEBOAT_SECRET) return { ...env, LIFEBOAT_SECRET: env.LIFEBOAT_SECRET };
  if (env.DATABASE_URL) {
    throw new EnvError(
      "Lifeboat cannot start: LIFEBOAT_SECRET is required when DATABASE_URL is set, so every " +
        "instance decrypts stored secrets with the same key. Set it to the same random value " +
        "(at least 32 characters, e.g. `openssl rand -base64 32`) on every host.",
    );
  }
  return { ...env, LIFEBOAT_SECRET: readOrCreateSecret(env.LIFEBOAT_DATA_DIR) };
}

/** The embedded shape keeps its key next to its database, readable only by its owner. */
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process created it first: use theirs so both agree on the key.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw error;
  }
  chmodSync(file, 0o600);
  return secret;
}

let cached: Env | undefined;

/** The process-wide configuration, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
