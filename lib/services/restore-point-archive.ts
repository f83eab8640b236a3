// "Download" of a folder of a restore point: a tar streamed straight from the repository, file by
// file and blob by blob (nothing of the folder is buffered, so its size does not matter). Paths in
// the archive are relative, starting with the folder's own name. Before a byte is sent every name
// below the folder is checked: one that is empty, `.`, `..`, holds a `/` or NUL, or appears twice
// in one folder (only a hostile writer makes those) refuses the whole download, so no entry can
// climb out of the folder it is extracted into or write through a link of the same name.
// Symbolic links are stored as links, as they were backed up; extracting one creates the link
// and follows nothing.
import path from "node:path";
import { Readable } from "node:stream";
import { pack as tarPack } from "tar-stream";
import { z } from "zod";
import { service } from "@/lib/auth/context";
import { isEngineError, type Node, type Repository } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "./context";
import type { RestorePointRow } from "./lookup";
import { parseInput } from "./parse-input";
import { cachedFindNode, cachedTree } from "./repository-cache";
import { openPoint, release } from "./restore-points";

const archiveInput = z.object({ restorePoint: z.string().min(1), path: z.string().optional() });

/** A folder of a restore point as a tar stream; its name is the folder's name plus ".tar". */
export const openRestorePointFolderArchive = service(
  // Like a file download: folders hold dumps and configuration files (README, Sign-in and roles).
  "operator",
  async function openRestorePointFolderArchive(
    ctx: ServiceContext,
    input: z.input<typeof archiveInput>,
  ): Promise<{ name: string; stream: Readable; point: RestorePointRow }> {
    const data = parseInput(archiveInput, input);
    const {
      repo,
      scope,
      snapshot,
      point,
      inside: folder,
    } = await openPoint(ctx, data.restorePoint, data.path);
    let handedOver = false;
    try {
      const node = await cachedFindNode(repo, scope, snapshot, folder).catch((error) => {
        if (isEngineError(error, "not_found")) return null;
        throw error;
      });
      if (node?.type !== "dir" || !node.subtree)
        throw new AppError(
          "not_found",
          `${folder} is not a folder in restore point ${point.snapshotId.slice(0, 8)}.`,
        );
      const top = folder === "/" ? "root" : path.posix.basename(folder);
      await checkNames(repo, scope, node.subtree, folder);
      const stream = archive(repo, scope, top, node);
      stream.once("close", () => release(repo));
      handedOver = true;
      return { name: `${top}.tar`, stream, point };
    } finally {
      if (!handedOver) release(repo);
    }
  },
);

function safeName(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !name.includes("/") && !name.includes("\0");
}

/** Every name under the folder, before anything is sent (trees only: cheap, and cached). */
async function checkNames(repo: Repository, scope: string, tree: string, at: string): Promise<void> {
  const stack = [{ tree, at }];
  while (stack.length) {
    const { tree: id, at: dir } = stack.pop() as { tree: string; at: string };
    const seen = new Set<string>();
    for (const n of await cachedTree(repo, scope, id)) {
      if (!safeName(n.name) || seen.has(n.name))
        throw new AppError(
          "invalid_input",
          `Cannot download ${at}: ${dir} holds an entry named ${JSON.stringify(n.name)}${seen.has(n.name) ? " twice" : ""}, which could land outside the folder it is extracted into.`,
        );
      seen.add(n.name);
      if (n.type === "dir" && n.subtree) stack.push({ tree: n.subtree, at: path.posix.join(dir, n.name) });
    }
  }
}

type EntryHeader = Parameters<ReturnType<typeof tarPack>["entry"]>[0];

const modeOf = (n: Node) => (n.mode ?? (n.type === "dir" ? 0o755 : 0o644)) & 0o7777;

function archive(repo: Repository, scope: string, top: string, root: Node): Readable {
  const tar = tarPack();
  const out = Readable.from(tar);
  let stopped = false;
  out.once("close", () => {
    stopped = true;
    tar.destroy();
  });
  const header = (name: string, n: Node) => ({
    name,
    mode: modeOf(n),
    mtime: new Date(n.mtime),
    uid: n.uid,
    gid: n.gid,
    uname: n.user,
    gname: n.group,
  });
  const add = (h: EntryHeader, body?: string) =>
    new Promise<void>((resolve, reject) =>
      tar.entry(h, body ?? "", (error) => (error ? reject(error) : resolve())),
    );
  async function write(name: string, n: Node) {
    const entry = tar.entry({ ...header(name, n), type: "file", size: Number(n.size ?? 0) });
    const done = new Promise<void>((resolve, reject) => {
      entry.once("finish", resolve);
      entry.once("error", reject);
    });
    for (const id of n.content ?? []) {
      if (stopped) throw new Error("download aborted");
      if (!entry.write(await repo.loadBlob("data", id)))
        await new Promise<void>((resolve) => entry.once("drain", () => resolve()));
    }
    entry.end(() => undefined);
    await done;
  }
  async function folder(prefix: string, tree: string) {
    for (const n of await cachedTree(repo, scope, tree)) {
      if (stopped) return;
      const name = `${prefix}/${n.name}`;
      if (n.type === "dir") {
        await add({ ...header(`${name}/`, n), type: "directory" });
        if (n.subtree) await folder(name, n.subtree);
      } else if (n.type === "file") await write(name, n);
      else if (n.type === "symlink")
        await add({ ...header(name, n), type: "symlink", linkname: n.linktarget ?? "" });
      // Devices, FIFOs and sockets carry no data: they are left out, as a download cannot use them.
    }
  }
  (async () => {
    await add({ ...header(`${top}/`, root), type: "directory" });
    if (root.subtree) await folder(top, root.subtree);
    tar.finalize();
  })().catch((error) => {
    if (!stopped) out.destroy(error as Error);
  });
  return out;
}
