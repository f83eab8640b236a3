// Pack files: sealed blobs back to back, then the sealed header, then the header's length as a
// little-endian uint32 (RESTIC-FORMAT.md §8).
import type { Backend } from "./backend/backend";
import { type MasterKey, open, SEAL_OVERHEAD, seal } from "./crypto";
import { EngineError } from "./errors";

export type BlobType = "data" | "tree";

/** A sealed blob's bytes: one buffer, or pieces written one after another (IV, ciphertext, MAC). */
export type SealedBytes = Buffer | readonly Buffer[];

export function sealedLength(sealed: SealedBytes): number {
  if (Buffer.isBuffer(sealed)) return sealed.length;
  let n = 0;
  for (const part of sealed as readonly Buffer[]) n += part.length;
  return n;
}

export function sealedParts(sealed: SealedBytes): readonly Buffer[] {
  return Buffer.isBuffer(sealed) ? [sealed] : (sealed as readonly Buffer[]);
}

export interface PackBlob {
  type: BlobType;
  id: string;
  offset: number;
  length: number;
  /** 0 when the blob is stored uncompressed. */
  uncompressedLength: number;
}

const ENTRY_PLAIN = 37;
const ENTRY_COMPRESSED = 41;
/** restic reads this much of the tail first, hoping the whole header is in it. */
const EAGER_TAIL = 15 * ENTRY_COMPRESSED + SEAL_OVERHEAD + 4;
const MAX_HEADER = 16 * 1024 * 1024;

export function headerEntrySize(b: { uncompressedLength: number }): number {
  return b.uncompressedLength ? ENTRY_COMPRESSED : ENTRY_PLAIN;
}

/** Size a pack must have, computed from its blobs as `check` does. */
export function packSizeFromBlobs(blobs: readonly { length: number; uncompressedLength: number }[]): number {
  let size = 4 + SEAL_OVERHEAD;
  for (const b of blobs) size += b.length + headerEntrySize(b);
  return size;
}

export class PackWriter {
  private readonly parts: Buffer[] = [];
  readonly blobs: PackBlob[] = [];
  private size = 0;

  get byteSize(): number {
    return this.size;
  }

  get count(): number {
    return this.blobs.length;
  }

  add(type: BlobType, id: string, sealed: SealedBytes, uncompressedLength: number): void {
    this.record(type, id, sealedLength(sealed), uncompressedLength);
    this.parts.push(...sealedParts(sealed));
  }

  /** Notes a blob for the header without keeping its bytes (their owner writes them). */
  record(type: BlobType, id: string, length: number, uncompressedLength: number): void {
    this.blobs.push({ type, id, offset: this.size, length, uncompressedLength });
    this.size += length;
  }

  /** Returns the complete pack file. The writer must not be used afterwards. */
  finalize(key: MasterKey): Buffer {
    return Buffer.concat(this.finalizeParts(key));
  }

  /** The pack file as the pieces that make it up, in order: nothing copied into one buffer. */
  finalizeParts(key: MasterKey): Buffer[] {
    return [...this.parts, ...this.finalizeTail(key)];
  }

  /** What follows the blobs: the sealed header and its length. */
  finalizeTail(key: MasterKey): Buffer[] {
    const sealedHeader = seal(key, encodeHeader(this.blobs));
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32LE(sealedHeader.length, 0);
    return [sealedHeader, length];
  }
}

function encodeHeader(blobs: readonly PackBlob[]): Buffer {
  let size = 0;
  for (const b of blobs) size += headerEntrySize(b);
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  for (const b of blobs) {
    const compressed = b.uncompressedLength > 0;
    out[pos] = (b.type === "tree" ? 1 : 0) + (compressed ? 2 : 0);
    out.writeUInt32LE(b.length, pos + 1);
    pos += 5;
    if (compressed) {
      out.writeUInt32LE(b.uncompressedLength, pos);
      pos += 4;
    }
    pos += out.write(b.id, pos, "hex");
  }
  return out;
}

export function parseHeader(plain: Buffer, packName: string): PackBlob[] {
  const blobs: PackBlob[] = [];
  let pos = 0;
  let offset = 0;
  while (pos < plain.length) {
    const kind = plain[pos];
    if (kind > 3) throw new EngineError("corrupt", `pack ${packName}: invalid blob type ${kind} in header`);
    const compressed = kind >= 2;
    const entrySize = compressed ? ENTRY_COMPRESSED : ENTRY_PLAIN;
    if (pos + entrySize > plain.length)
      throw new EngineError("corrupt", `pack ${packName}: truncated header`);
    const length = plain.readUInt32LE(pos + 1);
    const uncompressedLength = compressed ? plain.readUInt32LE(pos + 5) : 0;
    const idStart = pos + (compressed ? 9 : 5);
    blobs.push({
      type: kind % 2 === 1 ? "tree" : "data",
      id: plain.toString("hex", idStart, idStart + 32),
      offset,
      length,
      uncompressedLength,
    });
    offset += length;
    pos += entrySize;
  }
  return blobs;
}

/** Reads and decrypts a pack's header from storage, as restic does: the tail first, then the rest. */
export async function readPackHeader(
  backend: Backend,
  key: MasterKey,
  packName: string,
  packSize: number,
): Promise<PackBlob[]> {
  if (packSize < 4 + SEAL_OVERHEAD) throw new EngineError("corrupt", `pack ${packName}: file too small`);
  const eager = Math.min(packSize, EAGER_TAIL);
  let tail = await backend.read("data", packName, { offset: packSize - eager, length: eager });
  const headerLength = tail.readUInt32LE(tail.length - 4);
  if (headerLength > MAX_HEADER || headerLength + 4 > packSize || headerLength < SEAL_OVERHEAD) {
    throw new EngineError("corrupt", `pack ${packName}: invalid header length ${headerLength}`);
  }
  if (headerLength + 4 > eager) {
    tail = await backend.read("data", packName, {
      offset: packSize - headerLength - 4,
      length: headerLength + 4,
    });
  }
  const sealed = tail.subarray(tail.length - 4 - headerLength, tail.length - 4);
  return parseHeader(open(key, sealed), packName);
}
