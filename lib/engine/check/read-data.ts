// --read-data: download each pack, check its name is its SHA-256, its header parses and agrees
// with the index, its blobs sit back to back before the header, and each blob decrypts,
// decompresses and hashes to its ID.
import { createHash, randomInt } from "node:crypto";
import { open } from "../crypto";
import { throwIfAborted } from "../errors";
import { type PackBlob, parseHeader } from "../pack";
import type { LongOperation } from "../progress";
import type { Repository } from "../repository";
import { compareWithIndex, type PackFacts } from "./structure";
import type { CheckError, ReadDataSubset } from "./types";

/** restic 0.14's selection: n/t takes packs whose first ID byte mod t is n−1; x% a random x%. */
export function selectPacks(packs: string[], subset: ReadDataSubset | undefined): string[] {
  if (!subset) return packs;
  if ("bucket" in subset) {
    return packs.filter((id) => Number.parseInt(id.slice(0, 2), 16) % subset.of === subset.bucket - 1);
  }
  let want = Math.floor((packs.length * subset.percent) / 100);
  if (packs.length > 0 && want < 1) want = 1;
  const pool = [...packs];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, want).sort();
}

export function parseSubset(text: string): ReadDataSubset {
  const bucket = /^(\d+)\/(\d+)$/.exec(text);
  if (bucket) {
    const [n, t] = [Number(bucket[1]), Number(bucket[2])];
    if (t < 1 || n < 1 || n > t || t > 256)
      throw new Error(`read-data-subset "${text}": need n/t with 1 ≤ n ≤ t ≤ 256`);
    return { bucket: n, of: t };
  }
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (pct && Number(pct[1]) > 0 && Number(pct[1]) <= 100) return { percent: Number(pct[1]) };
  throw new Error(`read-data-subset "${text}": use n/t (e.g. 1/5) or a percentage (e.g. 10%)`);
}

export async function readPacks(
  repo: Repository,
  facts: PackFacts,
  packs: string[],
  errors: CheckError[],
  op: LongOperation = {},
): Promise<void> {
  const bytesTotal = packs.reduce((sum, id) => sum + (facts.stored.get(id) ?? 0), 0);
  let bytesDone = 0;
  let filesDone = 0;
  for (const pack of packs) {
    throwIfAborted(op.signal);
    op.onProgress?.({ bytesDone, bytesTotal, filesDone, filesTotal: packs.length, currentPath: pack });
    bytesDone += facts.stored.get(pack) ?? 0;
    filesDone++;
    let bytes: Buffer;
    try {
      bytes = await repo.backend.read("data", pack);
    } catch (err) {
      errors.push({
        kind: "pack_missing",
        pack,
        message: `pack ${pack}: cannot be read: ${(err as Error).message}`,
      });
      continue;
    }
    checkPackBytes(repo, pack, bytes, facts.indexed.get(pack) ?? [], errors);
  }
}

function checkPackBytes(
  repo: Repository,
  pack: string,
  bytes: Buffer,
  indexed: PackBlob[],
  errors: CheckError[],
): void {
  const hash = createHash("sha256").update(bytes).digest("hex");
  if (hash !== pack)
    errors.push({
      kind: "pack_hash",
      pack,
      message: `pack ${pack}: the file's SHA-256 is ${hash}, not its name`,
    });
  let header: PackBlob[];
  let headerLength: number;
  try {
    ({ header, headerLength } = headerOf(repo, pack, bytes));
  } catch (err) {
    errors.push({
      kind: "pack_header",
      pack,
      message: `pack ${pack}: header unreadable: ${(err as Error).message}`,
    });
    // The index still says where the blobs should be; check those that lie inside the file.
    verifyBlobs(repo, pack, bytes, indexed, errors);
    return;
  }
  compareWithIndex(pack, header, indexed, errors);
  const blobEnd = header.reduce((end, b) => end + b.length, 0);
  if (blobEnd + headerLength + 4 !== bytes.length) {
    errors.push({
      kind: "pack_layout",
      pack,
      message: `pack ${pack}: blobs end at ${blobEnd} but the header starts at ${bytes.length - headerLength - 4}`,
    });
  }
  verifyBlobs(repo, pack, bytes, header, errors);
}

function headerOf(
  repo: Repository,
  pack: string,
  bytes: Buffer,
): { header: PackBlob[]; headerLength: number } {
  if (bytes.length < 4) throw new Error("file too small");
  const headerLength = bytes.readUInt32LE(bytes.length - 4);
  if (headerLength + 4 > bytes.length) throw new Error(`header length ${headerLength} exceeds the file`);
  const sealed = bytes.subarray(bytes.length - 4 - headerLength, bytes.length - 4);
  return { header: parseHeader(open(repo.key, sealed), pack), headerLength };
}

function verifyBlobs(
  repo: Repository,
  pack: string,
  bytes: Buffer,
  blobs: PackBlob[],
  errors: CheckError[],
): void {
  for (const b of blobs) {
    if (b.offset + b.length > bytes.length) continue; // reported by the structure check
    try {
      repo.openBlob(b.type, b.id, bytes.subarray(b.offset, b.offset + b.length), b.uncompressedLength, pack);
    } catch (err) {
      errors.push({ kind: "blob_corrupt", pack, blob: b.id, message: (err as Error).message });
    }
  }
}
