import { afterEach, describe, expect, it } from "vitest";
import { libpqEnv, toolEnvironment, urlOnly } from "./pg-tools";

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe("libpq environment", () => {
  it("turns a URL into libpq variables, decoding user and password", () => {
    expect(libpqEnv("postgres://app%40corp:p%40ss%2Fw@db.example:6543/orders?sslmode=require")).toEqual({
      PGHOST: "db.example",
      PGPORT: "6543",
      PGDATABASE: "orders",
      PGUSER: "app@corp",
      PGPASSWORD: "p@ss/w",
      PGSSLMODE: "require",
    });
    expect(libpqEnv("postgres://u@h/orders", "other").PGDATABASE).toBe("other");
  });

  it("never passes the worker's own connection settings or secrets to pg_dump", () => {
    process.env.PGPASSWORD = "the-workers-own";
    process.env.PGHOST = "lifeboat-db";
    process.env.DATABASE_URL = "postgres://lifeboat:secret@lifeboat-db/lifeboat";
    process.env.LIFEBOAT_SECRET_KEY = "k";
    process.env.PGPASSFILE = "/etc/lifeboat/pgpass";
    const env = toolEnvironment(libpqEnv("postgres://reader@asset-host/orders"));
    expect(env.PGPASSWORD).toBeUndefined();
    expect(env.PGHOST).toBe("asset-host");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.LIFEBOAT_SECRET_KEY).toBeUndefined();
    expect(env.PGPASSFILE).toBe("/etc/lifeboat/pgpass");
    expect(env.PATH).toBe(process.env.PATH);
  });

  it("postgres.js connections use the URL alone, not this process's PG* variables", () => {
    process.env.PGPASSWORD = "the-workers-own";
    process.env.PGUSER = "lifeboat";
    const opts = urlOnly("postgres://reader@asset-host/orders");
    expect(opts.password()).toBe("");
    expect(opts.user).toBe("reader");
    expect(urlOnly("postgres://r:p%2Fq@h/db").password()).toBe("p/q");
    expect(urlOnly("postgres:///db").host).toBe("localhost");
    expect(urlOnly("postgres:///db?host=/run/postgresql").host).toBeUndefined();
  });
});
