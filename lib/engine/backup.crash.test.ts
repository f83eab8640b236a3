// A backup killed at any moment must leave a repository restic accepts, and the next backup
// must succeed. Also: unreadable files are reported and skipped (exit 3), --stdin works, and
// restore refuses entries that would escape the target.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, restic, resticOk, TEST_KDF, TEST_PASSWORD, tempDir } from "@/test-support/restic";
import { LocalBackend } from "./backend/local";
import { Repository } from "./repository";
import { restore } from "./restore";
import { saveSnapshot } from "./snapshot";
import { serializeTree } from "./tree";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CLI = path.join(ROOT, "bin/lifeboat.ts");
// node with tsx's loader, in one process: the tsx binary forks a child that a SIGKILL of the
// parent would leave running.
const NODE_ARGS = ["--import", "tsx", CLI];

function cli(args: string[], opts: { input?: Buffer; uid?: number; gid?: number } = {}) {
  return spawnSync(process.execPath, [...NODE_ARGS, ...args], {
    cwd: ROOT,
    env: { ...process.env, LIFEBOAT_PASSWORD: TEST_PASSWORD, INIT_CWD: "" },
    input: opts.input,
    uid: opts.uid,
    gid: opts.gid,
    maxBuffer: 64 << 20,
  });
}

describe.skipIf(skipWithoutRestic())("crash safety and error handling", () => {
  let work: string;
  let src: string;
  beforeAll(async () => {
    work = await tempDir();
    src = path.join(work, "src");
    for (let d = 0; d < 8; d++) {
      await fs.mkdir(path.join(src, `d${d}`), { recursive: true });
      for (let f = 0; f < 25; f++)
        await fs.writeFile(path.join(src, `d${d}`, `f${f}`), randomBytes(20_000 + f * 9000));
    }
    await fs.writeFile(path.join(src, "big"), randomBytes(12 << 20));
  });
  afterAll(() => removeDir(work));

  it("survives SIGKILL at random moments during backup", async () => {
    // Kill times are spread over the length of one whole backup, measured here, so the kills
    // land mid-backup on a fast machine and a slow one alike.
    const timing = path.join(work, "timing");
    await Repository.init(new LocalBackend(timing), TEST_PASSWORD, { kdf: TEST_KDF });
    const started = Date.now();
    expect(cli(["backup", "--repo", timing, src]).status).toBe(0);
    const fullMs = Date.now() - started;

    const repoDir = path.join(work, "killed");
    await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
    let killedMidway = 0;
    for (let round = 0; round < 6; round++) {
      // New content every round, so every round has packs to write when it is killed.
      await fs.writeFile(path.join(src, "big"), randomBytes(12 << 20));
      const child: ChildProcess = spawn(process.execPath, [...NODE_ARGS, "backup", "--repo", repoDir, src], {
        cwd: ROOT,
        env: { ...process.env, LIFEBOAT_PASSWORD: TEST_PASSWORD, INIT_CWD: "" },
        stdio: "ignore",
      });
      const delay = Math.floor(fullMs * (0.1 + Math.random() * 0.8));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      const timer = setTimeout(() => child.kill("SIGKILL"), delay);
      const code = await exited;
      clearTimeout(timer);
      if (code === null) killedMidway++;
      // The lock of a killed process is stale; restic 0.14 wants it removed before check.
      await resticOk(repoDir, ["unlock"]);
      const check = await restic(repoDir, ["check"]);
      expect(check.code, `round ${round}, killed after ${delay} ms:\n${check.stdout}\n${check.stderr}`).toBe(
        0,
      );
    }
    expect(killedMidway, `a whole backup took ${fullMs} ms`).toBeGreaterThan(0);
    const final = cli(["backup", "--repo", repoDir, "--json", src]);
    expect(final.status, final.stderr.toString()).toBe(0);
    const check = await restic(repoDir, ["check", "--read-data"]);
    expect(check.code, check.stderr).toBe(0);
  });

  // Root reads everything, so the unreadable file is made unreadable for "nobody".
  const nobody = spawnSync("id", ["-u", "nobody"]).stdout?.toString().trim();
  it.skipIf(!nobody || process.getuid?.() !== 0)(
    "reports unreadable files, still saves the snapshot, and exits with 3",
    async () => {
      const dir = path.join(work, "unreadable");
      await fs.mkdir(path.join(dir, "data"), { recursive: true });
      await fs.writeFile(path.join(dir, "data", "ok.txt"), "readable\n");
      await fs.writeFile(path.join(dir, "data", "secret.txt"), "nobody may read this\n");
      await fs.chmod(path.join(dir, "data", "secret.txt"), 0o000);
      await fs.chmod(work, 0o755);
      const repoDir = path.join(dir, "repo");
      await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
      spawnSync("chown", ["-R", `${nobody}`, dir]);
      const r = cli(["backup", "--repo", repoDir, path.join(dir, "data")], {
        uid: Number(nobody),
        gid: Number(nobody),
      });
      expect(r.status, r.stderr.toString()).toBe(3);
      expect(r.stderr.toString()).toContain("secret.txt");
      const ls = await resticOk(repoDir, ["ls", "latest"]);
      expect(ls).toContain("ok.txt");
      expect(ls).not.toContain("secret.txt");
    },
  );

  it("backs up a stream from stdin that restic can dump", async () => {
    const repoDir = path.join(work, "stdin");
    await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
    const data = Buffer.concat([randomBytes(3 << 20), Buffer.from("tail\n".repeat(100_000))]);
    const r = cli(["backup", "--repo", repoDir, "--stdin", "--stdin-filename", "orders.dump", "--json"], {
      input: data,
    });
    expect(r.status, r.stderr.toString()).toBe(0);
    const dumped = spawnSync("restic", ["--no-cache", "-r", repoDir, "dump", "latest", "/orders.dump"], {
      env: { ...process.env, RESTIC_PASSWORD: TEST_PASSWORD },
      maxBuffer: 64 << 20,
    });
    expect(dumped.status).toBe(0);
    expect(dumped.stdout.equals(data)).toBe(true);
  });

  for (const evil of ["..", "a/b", "."]) {
    it(`refuses to restore an entry named ${JSON.stringify(evil)}`, async () => {
      const repoDir = path.join(work, `evil-${evil.replace(/\W/g, "_")}`);
      const repo = await Repository.init(new LocalBackend(repoDir), TEST_PASSWORD, { kdf: TEST_KDF });
      const blob = await repo.saveBlob("data", Buffer.from("escaped!\n"));
      const t = "2026-01-01T00:00:00Z";
      const node = {
        name: evil,
        type: "file" as const,
        mode: 420,
        mtime: t,
        atime: t,
        ctime: t,
        uid: 0,
        gid: 0,
        size: 9n,
        content: [blob.id],
      };
      const inner = await repo.saveBlob("tree", serializeTree([node]));
      const dirNode = {
        name: "x",
        type: "dir" as const,
        mode: 2147484141,
        mtime: t,
        atime: t,
        ctime: t,
        uid: 0,
        gid: 0,
        content: null,
        subtree: inner.id,
      };
      const root = await repo.saveBlob("tree", serializeTree([dirNode]));
      await repo.flush();
      const id = await saveSnapshot(repo, { time: t, tree: root.id, paths: ["/x"] });
      const target = path.join(work, `target-${evil.replace(/\W/g, "_")}`);
      // Refused as an entry, as restic does: reported, and the rest of the snapshot restored.
      const summary = await restore(repo, { id, time: t, tree: root.id, paths: ["/x"] }, target);
      expect(summary.errors).toHaveLength(1);
      expect(summary.errors[0]?.message).toMatch(/escape/);
      // Nothing but the folder "x" was created: no file inside the target, none beside it.
      expect(await fs.readdir(target, { recursive: true })).toEqual(["x"]);
      expect((await fs.readdir(work)).filter((n) => n === "b" || n === "escaped")).toEqual([]);
    });
  }
});
