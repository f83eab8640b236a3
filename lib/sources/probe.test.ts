import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutPostgres } from "@/test-support/external";
import { probeDatabase, probeDirectory } from "./probe";

let work: string;
beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-probe-"));
  await fs.writeFile(path.join(work, "file.txt"), "x");
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

describe("probeDirectory", () => {
  it("accepts a readable folder and names what is wrong otherwise", async () => {
    await expect(probeDirectory(work)).resolves.toBeUndefined();
    await expect(probeDirectory(path.join(work, "nope"))).rejects.toThrow(/does not exist/);
    await expect(probeDirectory(path.join(work, "file.txt"))).rejects.toThrow(/is not a folder/);
    await expect(probeDirectory(path.join(work, "file.txt", "below"))).rejects.toThrow(/does not exist/);
  });
});

const noPostgres = await skipWithoutPostgres();

describe.skipIf(noPostgres)("probeDatabase", () => {
  it("returns the database name when the server accepts the connection", async () => {
    await expect(probeDatabase("postgres://postgres@127.0.0.1:5432/postgres")).resolves.toBe("postgres");
  });

  it("says the database does not exist", async () => {
    await expect(
      probeDatabase("postgres://postgres:hunter2secret@127.0.0.1:5432/lifeboat_no_such_db"),
    ).rejects.toThrow(/database "lifeboat_no_such_db" does not exist/);
  });

  it("says authentication failed for an unknown role", async () => {
    await expect(probeDatabase("postgres://lifeboat_no_such_role@127.0.0.1:5432/postgres")).rejects.toThrow(
      /authentication failed.*lifeboat_no_such_role/,
    );
  });

  it("says the host is unreachable, without ever showing the password", async () => {
    const err = await probeDatabase("postgres://postgres:hunter2secret@127.0.0.1:1/postgres").catch(
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/host 127\.0\.0\.1:1 is unreachable/);
    expect((err as Error).message).not.toContain("hunter2secret");
    await expect(probeDatabase("mysql://x@y/z")).rejects.toThrow(/must start with postgres:\/\//);
    await expect(probeDatabase("not a url")).rejects.toThrow(/cannot be parsed/);
  });
});
