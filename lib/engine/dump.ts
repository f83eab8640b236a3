// One file of a snapshot as a stream, blob by blob, so large files never sit in memory.
import { Readable } from "node:stream";
import { EngineError } from "./errors";
import { findNode } from "./ls";
import type { Repository } from "./repository";
import type { Snapshot } from "./snapshot";

export async function dumpFile(
  repo: Repository,
  snapshot: Snapshot,
  p: string,
  signal?: AbortSignal,
): Promise<Readable> {
  const node = await findNode(repo, snapshot, p);
  if (node.type !== "file") throw new EngineError("invalid_argument", `${p} is a ${node.type}, not a file`);
  const ids = node.content ?? [];
  async function* blobs() {
    for (const id of ids) {
      if (signal?.aborted) throw new EngineError("aborted", "dump cancelled");
      yield await repo.loadBlob("data", id);
    }
  }
  return Readable.from(blobs(), { objectMode: false });
}
