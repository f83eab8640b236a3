// Index, snapshot and lock files: in a v2 repository the plaintext is 0x02 followed by a zstd
// frame; a plaintext starting with '{' or '[' is plain JSON (RESTIC-FORMAT.md §6).
import { EngineError } from "./errors";
import { compress, decompress } from "./zstd";

const VERSION_COMPRESSED = 0x02;

export function encodeUnpacked(json: string, repoVersion: 1 | 2): Buffer {
  const bytes = Buffer.from(json, "utf8");
  if (repoVersion === 1) return bytes;
  const body = compress(bytes);
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = VERSION_COMPRESSED;
  body.copy(out, 1);
  return out;
}

export function decodeUnpacked(plain: Buffer): string {
  if (plain.length === 0) return "";
  const first = plain[0];
  if (first === 0x7b || first === 0x5b) return plain.toString("utf8");
  if (first === VERSION_COMPRESSED) return decompress(plain.subarray(1)).toString("utf8");
  throw new EngineError("unsupported", `unsupported encoding format ${first} in an unpacked file`);
}
