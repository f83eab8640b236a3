import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findNode, LocalBackend, listSnapshots, loadSnapshot, Repository } from "@/lib/engine";
import { saveSnapshot } from "@/lib/engine/snapshot";
import { serializeTree } from "@/lib/engine/tree";
import { diffTrees } from "@/test-support/compare-trees";
import { TEST_PASSWORD } from "@/test-support/restic";
import { folderExcludes } from "./directory";
import { backupDirectory, defaultDirectoryTarget, restoreDirectory } from "./index";
import { backupOpts, makeSite, type SiteFixture } from "./testdata/site";
import type { DirectorySource } from "./types";

let fx: SiteFixture;
let work: string;
let repo: Repository;
let source: DirectorySource;

beforeEach(async () => {
  fx = await makeSite();
  ({ work, repo, source } = fx);
});
afterEach(async () => {
  await fx.cleanup();
});

/** As root, an unreadable file needs a child process that drops to "nobody" (setpriv). */
const canShowUnreadable =
  process.getuid?.() !== 0 || spawnSync("sh", ["-c", "command -v setpriv"]).status === 0;

describe("directory source", () => {
  it("reads exclude patterns as .gitignore does, relative to the protected folder", () => {
    const ex = folderExcludes("/srv/www", ["/top.txt", "*.log", "!keep.log", "cache/", "..hidden"]);
    if (!ex) throw new Error("expected a matcher");
    expect(ex("/srv/www/top.txt", "file")).toBe(true);
    expect(ex("/srv/www/sub/top.txt", "file")).toBe(false); // anchored to the folder
    expect(ex("/srv/www/a/b/debug.log", "file")).toBe(true);
    expect(ex("/srv/www/a/keep.log", "file")).toBe(false);
    expect(ex("/srv/www/a/cache", "dir")).toBe(true);
    expect(ex("/srv/www/a/cache", "file")).toBe(false); // "cache/" matches folders only
    expect(ex("/srv/www/..hidden", "file")).toBe(true);
    expect(ex("/srv/www", "dir")).toBe(false);
    expect(folderExcludes("/srv/www", [])).toBeUndefined();
  });

  it("backs up with folder-relative excludes and restores the folder's contents into a new folder", async () => {
    const result = await backupDirectory(repo, source, backupOpts);
    expect(result.fileCount).toBe(3);
    expect(result.warnings).toEqual([]);
    const snapshot = await loadSnapshot(repo, result.snapshotId);
    expect(snapshot.paths).toEqual([source.path]);
    expect(snapshot.tags).toEqual(["lifeboat", "asset:test"]);

    const target = defaultDirectoryTarget(source.path, new Date("2026-11-28T21:45:03Z"));
    expect(target).toBe(`${source.path}.restored-20261128-214503`);
    const restored = await restoreDirectory(repo, snapshot, source, { target });
    expect(restored.filesRestored).toBe(3);
    // The excluded entries were never backed up; everything else matches, modes and mtimes too.
    // Node sets mtimes through a double, kept to the microsecond: up to ~1.25 µs off (the engine's
    // interop tests allow 2 µs too; 1 µs failed once, on a time 1.01 µs off).
    await fs.rm(path.join(source.path, "cache"), { recursive: true });
    await fs.rm(path.join(source.path, "debug.log"));
    expect(await diffTrees(source.path, target, { mtimeToleranceNs: 2000n })).toEqual([]);
    expect((await fs.stat(path.join(target, "run.sh"))).mode & 0o777).toBe(0o750);
  });

  it("restores chosen paths only, and refuses to write over an existing target unless asked", async () => {
    const { snapshotId } = await backupDirectory(repo, source, backupOpts);
    const snapshot = await loadSnapshot(repo, snapshotId);
    const target = path.join(work, "partial");
    await restoreDirectory(repo, snapshot, source, { target, paths: ["conf/nginx/nginx.conf"] });
    const files = await fs.readdir(target, { recursive: true });
    expect(files.sort()).toEqual(["conf", "conf/nginx", "conf/nginx/nginx.conf"]);

    await expect(restoreDirectory(repo, snapshot, source, { target, paths: ["run.sh"] })).rejects.toThrow(
      /already exists/,
    );
    await fs.writeFile(path.join(target, "conf/nginx/nginx.conf"), "changed");
    await fs.writeFile(path.join(target, "mine.txt"), "keep me");
    await restoreDirectory(repo, snapshot, source, { target, paths: ["conf"], overwrite: true });
    expect(await fs.readFile(path.join(target, "conf/nginx/nginx.conf"), "utf8")).toBe(
      "worker_processes 2;\n",
    );
    // Overwriting replaces what the restore brings, never the target's other files.
    expect(await fs.readFile(path.join(target, "mine.txt"), "utf8")).toBe("keep me");
    expect(await fs.readdir(target)).not.toContain(expect.stringMatching(/^\.lifeboat-restore-/));
  });

  it("a folder that is gone fails the backup and saves nothing; an empty one is backed up with a warning", async () => {
    const gone: DirectorySource = { kind: "directory", path: `${source.path}-gone`, excludes: [] };
    await expect(backupDirectory(repo, gone, backupOpts)).rejects.toThrow(/does not exist/);
    expect(await listSnapshots(repo)).toHaveLength(0);
    const empty = path.join(work, "empty");
    await fs.mkdir(empty);
    const result = await backupDirectory(repo, { kind: "directory", path: empty, excludes: [] }, backupOpts);
    expect(result.warnings).toEqual([{ path: empty, message: expect.stringMatching(/holds no files/) }]);
  });

  it("refuses a path outside the protected folder, not a name that starts with two dots", async () => {
    const { snapshotId } = await backupDirectory(repo, source, backupOpts);
    const snapshot = await loadSnapshot(repo, snapshotId);
    await expect(
      restoreDirectory(repo, snapshot, source, { target: path.join(work, "x"), paths: ["../etc/passwd"] }),
    ).rejects.toThrow(/not inside the protected folder/);
    await fs.writeFile(path.join(source.path, "..dotted"), "a name, not a parent");
    const again = await backupDirectory(repo, source, backupOpts);
    const target = path.join(work, "dotted");
    await restoreDirectory(repo, await loadSnapshot(repo, again.snapshotId), source, {
      target,
      paths: ["..dotted"],
    });
    expect(await fs.readFile(path.join(target, "..dotted"), "utf8")).toBe("a name, not a parent");
  });

  it.skipIf(!canShowUnreadable)("reports unreadable files as warnings, not failures", async () => {
    const unreadable = path.join(source.path, "index.html");
    await fs.chmod(unreadable, 0);
    if (process.getuid?.() !== 0) {
      const result = await backupDirectory(repo, source, backupOpts);
      expect(result.warnings.map((w) => w.path)).toEqual([unreadable]);
      return;
    }
    // root reads every file whatever its mode: the backup runs as "nobody" in a child process.
    expect(spawnSync("chown", ["-R", "65534:65534", work]).status).toBe(0);
    const child = spawnSync(
      "setpriv",
      ["--reuid=65534", "--regid=65534", "--clear-groups", "--", process.execPath, "--import", "tsx"].concat([
        path.join(import.meta.dirname, "testdata/backup-as-user.ts"),
        path.join(work, "repo"),
        source.path,
        TEST_PASSWORD,
      ]),
      { cwd: path.resolve(import.meta.dirname, "../.."), encoding: "utf8", timeout: 60_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout) as { fileCount: number; warnings: { path: string }[] };
    expect(result.warnings.map((w) => w.path)).toEqual([unreadable]);
    expect(result.fileCount).toBe(4); // all but index.html (the child backs up without excludes)
  });

  it("a chosen path the restore point does not hold is an error, and a failed restore leaves no target", async () => {
    const { snapshotId } = await backupDirectory(repo, source, backupOpts);
    // A freshly opened repository, as a restore job has: nothing of the backup is in memory.
    const fresh = await Repository.open(new LocalBackend(path.join(work, "repo")), TEST_PASSWORD);
    const snapshot = await loadSnapshot(fresh, snapshotId);
    const target = path.join(work, "missing");
    await expect(
      restoreDirectory(fresh, snapshot, source, { target, paths: ["conf/nope.conf"] }),
    ).rejects.toThrow(/conf\/nope\.conf is not in restore point/);
    await expect(fs.stat(target)).rejects.toThrow(/ENOENT/);
    const ok = await restoreDirectory(fresh, snapshot, source, { target, paths: ["conf", "run.sh"] });
    expect(ok.filesRestored).toBe(2);
  });

  it("restores over the original folder only when asked, and a damaged file keeps its current version", async () => {
    const { snapshotId } = await backupDirectory(repo, source, backupOpts);
    const snapshot = await loadSnapshot(repo, snapshotId);
    const nginx = path.join(source.path, "conf/nginx/nginx.conf");
    const index = path.join(source.path, "index.html");
    await fs.writeFile(nginx, "changed since");
    await fs.writeFile(index, "local version");
    await fs.writeFile(path.join(source.path, "extra.txt"), "new since");
    const over = { target: source.path };
    await expect(restoreDirectory(repo, snapshot, source, over)).rejects.toThrow(/already exists/);

    // Damage index.html's chunk (its own bytes in the pack, so the other files stay readable).
    const node = await findNode(repo, snapshot, `${source.path}/index.html`);
    const entry = repo.index.lookup("data", node.content?.[0] as string);
    if (!entry) throw new Error("index.html's chunk is not indexed");
    const pack = path.join(work, "repo", "data", entry.packId.slice(0, 2), entry.packId);
    const bytes = await fs.readFile(pack);
    bytes[entry.offset + 50] = (bytes[entry.offset + 50] as number) ^ 0xff;
    await fs.chmod(pack, 0o600);
    await fs.writeFile(pack, bytes);

    const fresh = await Repository.open(new LocalBackend(path.join(work, "repo")), TEST_PASSWORD);
    const result = await restoreDirectory(fresh, snapshot, source, { ...over, overwrite: true });
    expect(result.warnings.map((w) => w.path)).toEqual([index]);
    expect(await fs.readFile(index, "utf8")).toBe("local version");
    expect(await fs.readFile(nginx, "utf8")).toBe("worker_processes 2;\n");
    // Files the restore point does not hold (new, or excluded from backups) are left alone.
    expect(await fs.readFile(path.join(source.path, "extra.txt"), "utf8")).toBe("new since");
    expect(await fs.readFile(path.join(source.path, "debug.log"), "utf8")).toBe("noise");
    expect((await fs.readdir(source.path)).filter((n) => n.startsWith(".lifeboat"))).toEqual([]);

    // A partial restore over the original leaves the folders on the way to it as they are.
    await fs.chmod(source.path, 0o711);
    await fs.utimes(source.path, new Date("2020-01-01T00:00:00Z"), new Date("2020-01-01T00:00:00Z"));
    await fs.writeFile(nginx, "changed again");
    await restoreDirectory(fresh, snapshot, source, { ...over, paths: ["conf/nginx"], overwrite: true });
    expect(await fs.readFile(nginx, "utf8")).toBe("worker_processes 2;\n");
    const rootStat = await fs.stat(source.path);
    expect(rootStat.mode & 0o777).toBe(0o711);
    expect(rootStat.mtime.toISOString()).toBe("2020-01-01T00:00:00.000Z");
  });

  it("a restore after a killed attempt clears the staging folder that attempt left", async () => {
    const { snapshotId } = await backupDirectory(repo, source, backupOpts);
    const snapshot = await loadSnapshot(repo, snapshotId);
    const target = path.join(work, "retried");
    const leftover = path.join(target, ".lifeboat-restore-killed", "half.bin");
    await fs.mkdir(path.dirname(leftover), { recursive: true });
    await fs.writeFile(leftover, "half");
    await restoreDirectory(repo, snapshot, source, { target, paths: ["run.sh"] });
    expect(await fs.readdir(target)).toEqual(["run.sh"]);
    await fs.mkdir(path.dirname(leftover), { recursive: true });
    await restoreDirectory(repo, snapshot, source, { target, paths: ["run.sh"], overwrite: true });
    expect(await fs.readdir(target)).toEqual(["run.sh"]);
  });

  for (const evil of ["..", "../../../escaped"]) {
    it(`never writes outside the target, even for an entry named ${JSON.stringify(evil)}`, async () => {
      // A crafted restore point (as a tampered repository could hold): /x holds a file whose name
      // would climb out of the folder it is restored into.
      const blob = await repo.saveBlob("data", Buffer.from("escaped!\n"));
      const t = "2026-01-01T00:00:00Z";
      const meta = { mtime: t, atime: t, ctime: t, uid: 0, gid: 0 };
      const file = { name: evil, type: "file" as const, mode: 0o644, size: 9n, content: [blob.id], ...meta };
      const inner = await repo.saveBlob("tree", serializeTree([file]));
      const dir = {
        name: "x",
        type: "dir" as const,
        mode: 2147484141,
        content: null,
        subtree: inner.id,
        ...meta,
      };
      const root = await repo.saveBlob("tree", serializeTree([dir]));
      await repo.flush();
      const id = await saveSnapshot(repo, { time: t, tree: root.id, paths: ["/x"] });
      const evilSource: DirectorySource = { kind: "directory", path: "/x", excludes: [] };
      const target = path.join(work, "out", "target");
      // Refused as an entry (as restic does), reported, and the rest restored.
      const result = await restoreDirectory(repo, await loadSnapshot(repo, id), evilSource, { target });
      expect(result.warnings.map((w) => w.message).join("\n")).toMatch(/escape/);
      // Nothing anywhere under the work folder but the repository, the source and the (empty) target.
      const written = (await fs.readdir(work, { recursive: true })).filter(
        (p) => !p.startsWith("repo") && !p.startsWith("site"),
      );
      expect(written).toEqual(["out", "out/target"]);
    });
  }
});
