import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-env-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("parseEnv", () => {
  it("generates the secret into the data dir with mode 0600 and reuses it", async () => {
    const first = parseEnv({ LIFEBOAT_DATA_DIR: dataDir });
    const file = path.join(dataDir, "secret");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, "utf8")).trim()).toBe(first.LIFEBOAT_SECRET);
    expect(first.LIFEBOAT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(parseEnv({ LIFEBOAT_DATA_DIR: dataDir }).LIFEBOAT_SECRET).toBe(first.LIFEBOAT_SECRET);
    expect(first.LIFEBOAT_WORKER).toBe("embedded");
    expect(first.DATABASE_URL).toBeUndefined();
  });

  it("names the variable and the problem for a bad value", () => {
    expect(() => parseEnv({ LIFEBOAT_DATA_DIR: dataDir, LIFEBOAT_WORKER: "sometimes" })).toThrowError(
      /LIFEBOAT_WORKER: .*"embedded".*"off"/s,
    );
    expect(() => parseEnv({ LIFEBOAT_DATA_DIR: dataDir, DATABASE_URL: "mysql://x" })).toThrowError(
      /DATABASE_URL: must be a PostgreSQL connection URL/,
    );
    expect(() => parseEnv({ LIFEBOAT_DATA_DIR: dataDir, LIFEBOAT_SECRET: "short" })).toThrowError(
      /LIFEBOAT_SECRET: must be at least 32 characters/,
    );
    expect(() => parseEnv({ OPENAI_BASE_URL: "not a url", LIFEBOAT_DATA_DIR: dataDir })).toThrowError(
      EnvError,
    );
  });

  it("takes the sign-in limit per client address, 20 a minute unless set", () => {
    expect(parseEnv({ LIFEBOAT_DATA_DIR: dataDir }).LIFEBOAT_SIGN_IN_LIMIT).toBe(20);
    expect(
      parseEnv({ LIFEBOAT_DATA_DIR: dataDir, LIFEBOAT_SIGN_IN_LIMIT: "60" }).LIFEBOAT_SIGN_IN_LIMIT,
    ).toBe(60);
    expect(() => parseEnv({ LIFEBOAT_DATA_DIR: dataDir, LIFEBOAT_SIGN_IN_LIMIT: "0" })).toThrowError(
      /LIFEBOAT_SIGN_IN_LIMIT/,
    );
  });

  it("refuses DATABASE_URL without LIFEBOAT_SECRET and writes no secret file", async () => {
    expect(() =>
      parseEnv({ LIFEBOAT_DATA_DIR: dataDir, DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x" }),
    ).toThrowError(/LIFEBOAT_SECRET is required when DATABASE_URL is set/);
    await expect(stat(path.join(dataDir, "secret"))).rejects.toThrow(/ENOENT/);
  });

  it("accepts the scaled shape", () => {
    const secret = "s".repeat(40);
    const env = parseEnv({
      DATABASE_URL: "postgresql://u:p@db:5432/lifeboat",
      LIFEBOAT_SECRET: secret,
      LIFEBOAT_WORKER: "off",
      LIFEBOAT_DATA_DIR: dataDir,
    });
    expect(env).toMatchObject({ LIFEBOAT_SECRET: secret, LIFEBOAT_WORKER: "off" });
  });
});
