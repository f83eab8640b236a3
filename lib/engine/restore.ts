// Restores a snapshot (or parts of it) below a target folder, laid out as restic lays it out:
// target + the path inside the snapshot. Nothing is ever written outside the target.
import { execFile } from "node:child_process";
import fsCb, { constants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { LocalBackend } from "./backend/local";
import { collectEvery } from "./backup/gc";
import { EngineError, throwIfAborted } from "./errors";
import { loadTree } from "./ls";
import { type Node, nameBytes, unixPermissions } from "./node";
import { type LongOperation, throttleProgress } from "./progress";
import type { Repository } from "./repository";
import { createMode, isRoot, nsToSeconds, processGid, processUid } from "./restore/metadata";
import { restoreInWorker, WritePool } from "./restore/write-pool";
import type { Snapshot } from "./snapshot";
import { parseGoTimeNs } from "./time";
import { gidFor, uidFor } from "./user-names";

const run = promisify(execFile);
// Plain file descriptors: the FileHandle API's per-file cost dominated restores of small files.
const fd = {
  open: promisify(fsCb.open),
  write: (file: number, buffer: Buffer) =>
    new Promise<number>((resolve, reject) =>
      fsCb.write(file, buffer, (err, n) => (err ? reject(err) : resolve(n))),
    ),
  close: promisify(fsCb.close),
  fchown: promisify(fsCb.fchown),
  fchmod: promisify(fsCb.fchmod),
  futimes: promisify(fsCb.futimes),
};

export interface RestoreOptions extends LongOperation {
  /** Paths inside the snapshot to restore (with everything below them); all when empty. */
  include?: string[];
  /** Replace files that already exist in the target; otherwise an existing file is an error. */
  overwrite?: boolean;
}

export interface RestoreSummary {
  filesRestored: number;
  dirsRestored: number;
  bytesRestored: number;
  errors: { path: string; message: string }[];
}

/** Files restored at once; blob reads and writes of different files overlap. */
const FILE_CONCURRENCY = 16;
/** With write workers: enough queued to keep each busy between messages. */
const POOLED_CONCURRENCY = 128;

/** Refuses names that could step outside their folder. */
function safeName(node: Node): Buffer {
  const name = nameBytes(node);
  const text = name.toString("latin1");
  if (name.length === 0 || text === "." || text === ".." || text.includes("/") || text.includes("\0")) {
    throw new EngineError(
      "corrupt",
      `refusing to restore an entry named ${JSON.stringify(node.name)}: it could escape the target`,
    );
  }
  return name;
}

function includeMatcher(include: string[] | undefined) {
  const wanted = (include ?? []).map((p) => path.posix.normalize(`/${p}`).replace(/\/+$/, "") || "/");
  if (wanted.length === 0 || wanted.includes("/")) return { restore: () => true, descend: () => true };
  return {
    /** The path itself is wanted (it is, or lies below, an included path). */
    restore: (p: string) => wanted.some((w) => p === w || p.startsWith(`${w}/`)),
    /** The path is on the way to something wanted. */
    descend: (p: string) => wanted.some((w) => w.startsWith(`${p}/`) || p === w || p.startsWith(`${w}/`)),
  };
}

async function applyMetadata(dest: Buffer, node: Node): Promise<void> {
  const symlink = node.type === "symlink";
  if (isRoot) {
    // Names win over numbers, as in restic: the same user may have another uid here.
    const uid = (node.user ? await uidFor(node.user) : undefined) ?? node.uid;
    const gid = (node.group ? await gidFor(node.group) : undefined) ?? node.gid;
    await fs.lchown(dest, uid, gid).catch(() => undefined);
  }
  if (!symlink) await fs.chmod(dest, unixPermissions(node));
  const mtime = nsToSeconds(parseGoTimeNs(node.mtime));
  const atime = nsToSeconds(parseGoTimeNs(node.atime));
  if (symlink) await fs.lutimes(dest, atime, mtime);
  else await fs.utimes(dest, atime, mtime);
}

/**
 * Owner, permissions and times of a file created with createMode(). Each call is a trip through
 * libuv's thread pool; on many small files, dropping the ones that change nothing matters.
 */
async function applyMetadataToFd(file: number, node: Node): Promise<void> {
  if (isRoot) {
    const uid = (node.user ? await uidFor(node.user) : undefined) ?? node.uid;
    const gid = (node.group ? await gidFor(node.group) : undefined) ?? node.gid;
    // A new file already belongs to this process (setgid folders aside, which fchown fixes).
    if (uid !== processUid || gid !== processGid) await fd.fchown(file, uid, gid).catch(() => undefined);
  }
  // After chown, which clears setuid and setgid bits.
  const perm = unixPermissions(node);
  if (createMode(node) !== perm) await fd.fchmod(file, perm);
  await fd.futimes(file, nsToSeconds(parseGoTimeNs(node.atime)), nsToSeconds(parseGoTimeNs(node.mtime)));
}

function majorMinor(dev: bigint): [bigint, bigint] {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return [major, minor];
}

export async function restore(
  repo: Repository,
  snapshot: Snapshot,
  target: string,
  opts: RestoreOptions = {},
): Promise<RestoreSummary> {
  await repo.loadIndex();
  const summary: RestoreSummary = { filesRestored: 0, dirsRestored: 0, bytesRestored: 0, errors: [] };
  const match = includeMatcher(opts.include);
  const progress = throttleProgress(opts.onProgress);
  const state = { bytesDone: 0, filesDone: 0, currentPath: "" };
  /**
   * Hard-linked files by device and inode: where the first one is restored, once it is. Files
   * are restored concurrently, so a later link must wait for the first's file to exist (linking
   * while it was still being created failed with ENOENT now and then).
   */
  const hardlinks = new Map<string, Promise<Buffer>>();
  const active = new Set<Promise<void>>();
  await fs.mkdir(target, { recursive: true });
  const root = Buffer.from(await fs.realpath(target));
  // A local repository's packs are read by worker threads, which also decrypt and write: the
  // main thread only walks trees. Other backends read through the backend here.
  const pool = repo.backend instanceof LocalBackend ? new WritePool(repo.backend.root, repo) : undefined;
  if (pool) {
    // The main thread's garbage here is per file (jobs, replies, promises) and outlives the
    // young generation, so it piles up in the old one: 20 MB of it at the peak of a 10,000-file
    // restore with 10 MB live. A full collection every 32 MiB restored keeps it down.
    const collect = collectEvery(32 * 1024 * 1024);
    pool.onBytes = (n) => {
      collect(n);
      state.bytesDone += n;
      summary.bytesRestored += n;
      progress.report({ ...state });
    };
  }
  const concurrency = pool ? POOLED_CONCURRENCY : FILE_CONCURRENCY;

  const restoreFile = async (dest: Buffer, node: Node, display: string) => {
    const linkKey = node.links && node.links > 1n && node.inode ? `${node.deviceId}:${node.inode}` : "";
    const first = linkKey ? hardlinks.get(linkKey) : undefined;
    if (pool && !linkKey) {
      await restoreInWorker(pool, dest, node, repo, opts.overwrite === true);
      summary.filesRestored++;
      state.filesDone++;
      state.currentPath = display;
      return;
    }
    if (first) {
      const linkTo = await first;
      if (opts.overwrite) await fs.rm(dest, { force: true });
      await fs.link(linkTo, dest);
      return;
    }
    // Set before the first await: a link to this file may be scheduled right after it.
    const written = writeFile(dest, node, display).then(() => dest);
    if (linkKey) {
      hardlinks.set(linkKey, written);
      written.catch(() => undefined); // each waiting link reports the failure for itself
    }
    await written;
  };

  const writeFile = async (dest: Buffer, node: Node, display: string) => {
    if (opts.overwrite) await fs.rm(dest, { force: true });
    // O_EXCL and O_NOFOLLOW: never write through a symlink, never clobber without being asked.
    const file = await fd.open(
      dest,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      createMode(node),
    );
    try {
      const ids = node.content ?? [];
      // Keep a few blob reads ahead of the writes.
      const ahead: Promise<Buffer>[] = [];
      let next = 0;
      const fill = () => {
        while (next < ids.length && ahead.length < 4) ahead.push(repo.loadBlob("data", ids[next++]));
      };
      fill();
      while (ahead.length) {
        throwIfAborted(opts.signal);
        const blob = await (ahead.shift() as Promise<Buffer>);
        fill();
        for (let off = 0; off < blob.length; ) off += await fd.write(file, off ? blob.subarray(off) : blob);
        state.bytesDone += blob.length;
        summary.bytesRestored += blob.length;
        progress.report({ ...state });
      }
      await applyMetadataToFd(file, node);
    } finally {
      await fd.close(file);
    }
    summary.filesRestored++;
    state.filesDone++;
    state.currentPath = display;
  };

  const restoreEntry = async (dest: Buffer, node: Node, display: string) => {
    switch (node.type) {
      case "file":
        return restoreFile(dest, node, display);
      case "symlink":
        if (opts.overwrite) await fs.rm(dest, { force: true });
        await fs.symlink(node.linktargetRaw ?? Buffer.from(node.linktarget ?? ""), dest);
        return applyMetadata(dest, node);
      case "fifo":
        await run("mkfifo", [dest.toString()]);
        return applyMetadata(dest, node);
      case "dev":
      case "chardev": {
        const [major, minor] = majorMinor(node.device ?? 0n);
        await run("mknod", [dest.toString(), node.type === "dev" ? "b" : "c", String(major), String(minor)]);
        return applyMetadata(dest, node);
      }
      default:
        summary.errors.push({ path: display, message: `${node.type} entries are not restored` });
    }
  };

  const schedule = async (work: () => Promise<void>, display: string) => {
    while (active.size >= concurrency) await Promise.race(active);
    const p = work()
      .catch((err) => {
        if ((err as EngineError).code === "aborted") throw err;
        summary.errors.push({ path: display, message: (err as Error).message });
      })
      .finally(() => active.delete(p));
    active.add(p);
  };

  /** Restores the children of one folder; returns after scheduling, directory metadata last. */
  const restoreDir = async (
    treeId: string,
    destDir: Buffer,
    at: string,
    dirs: { dest: Buffer; node: Node }[],
  ) => {
    for (const node of await loadTree(repo, treeId)) {
      throwIfAborted(opts.signal);
      const name = safeName(node);
      const display = path.posix.join(at, node.name);
      if (!match.descend(display)) continue;
      const dest = Buffer.concat([destDir, Buffer.from("/"), name]);
      if (node.type === "dir") {
        await fs.mkdir(dest).catch((err) => {
          if (err.code !== "EEXIST") throw err;
        });
        // The folder must be a real folder inside the target, not a symlink planted there.
        const st = await fs.lstat(dest);
        if (!st.isDirectory())
          throw new EngineError("corrupt", `${display} exists in the target and is not a folder`);
        if (node.subtree) await restoreDir(node.subtree, dest, display, dirs);
        if (match.restore(display)) {
          dirs.push({ dest, node });
          summary.dirsRestored++;
        }
        continue;
      }
      if (!match.restore(display)) continue;
      await schedule(() => restoreEntry(dest, node, display), display);
    }
  };

  const dirs: { dest: Buffer; node: Node }[] = [];
  try {
    await restoreDir(snapshot.tree, root, "/", dirs);
    await Promise.all(active);
  } finally {
    await Promise.allSettled(active);
    await pool?.close();
  }
  throwIfAborted(opts.signal);
  // Children first, so writing into a folder does not change its restored mtime afterwards.
  for (const { dest, node } of dirs.reverse()) {
    await applyMetadata(dest, node).catch((err) =>
      summary.errors.push({ path: dest.toString(), message: err.message }),
    );
  }
  progress.flush({ ...state });
  return summary;
}
