import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prepareBlob } from "../blob";
import { randomMasterKey, seal } from "../crypto";
import { isEngineError } from "../errors";
import { compress } from "../zstd";
import { BlobWriter } from "./blob-writer";
import type { BlobRef } from "./protocol";

const key = randomMasterKey();
const writer = new BlobWriter(key);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "blob-writer-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const text = (bytes: number) =>
  Buffer.from(
    "the orders database, as it was before 14:00 yesterday\n".repeat(Math.ceil(bytes / 54)),
  ).subarray(0, bytes);

let files = 0;
/** Writes the blobs one after another into a new file; returns its bytes (or the error). */
function writeFile(blobs: { ref: BlobRef; sealed: Buffer }[]): Buffer {
  const file = path.join(work, `f${files++}`);
  const fd = fs.openSync(file, "w");
  try {
    for (const b of blobs) writer.write(fd, b.ref, b.sealed);
  } finally {
    fs.closeSync(fd);
  }
  return fs.readFileSync(file);
}

function stored(plain: Buffer, mode: "auto" | "off") {
  const p = prepareBlob(key, "data", plain, mode, 2);
  const ref = {
    id: p.id,
    packId: "pack-1",
    offset: 0,
    length: p.sealed.length,
    uncompressedLength: p.uncompressedLength,
  };
  return { ref, sealed: p.sealed };
}

function failure(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a failure");
}

describe("BlobWriter", () => {
  it("writes compressed and uncompressed blobs of every size, in pieces, exactly", () => {
    // Sizes around the decrypt step (256 KiB) and the window (1 MiB), up to restic's largest chunk.
    const sizes = [
      0,
      1,
      1000,
      256 * 1024,
      256 * 1024 + 1,
      1024 * 1024 - 1,
      1024 * 1024 + 7,
      3_000_000,
      8 * 1024 * 1024,
    ];
    for (const size of sizes) {
      for (const plain of [text(size), randomBytes(size)]) {
        for (const mode of ["auto", "off"] as const) {
          const blob = stored(plain, mode);
          expect(writeFile([blob]).equals(plain), `${size} bytes, ${mode}`).toBe(true);
        }
      }
    }
  });

  it("appends blob after blob to the same file", () => {
    const parts = [text(700_000), randomBytes(1_500_000), text(10)];
    const out = writeFile(parts.map((p, i) => stored(p, i === 1 ? "off" : "auto")));
    expect(out.equals(Buffer.concat(parts))).toBe(true);
  });

  it("checks the MAC before it writes anything", () => {
    const blob = stored(text(500_000), "auto");
    const sealed = Buffer.from(blob.sealed);
    sealed[100] ^= 1;
    const file = path.join(work, "untouched");
    const fd = fs.openSync(file, "w");
    const err = failure(() => writer.write(fd, blob.ref, sealed));
    fs.closeSync(fd);
    expect(isEngineError(err, "corrupt")).toBe(true);
    expect(err.message).toContain(blob.ref.id);
    expect(err.message).toContain("pack-1");
    expect(fs.statSync(file).size).toBe(0);
  });

  it("reports content that does not match the blob's ID", () => {
    for (const mode of ["auto", "off"] as const) {
      const blob = stored(text(300_000), mode);
      const err = failure(() => writeFile([{ ...blob, ref: { ...blob.ref, id: "0".repeat(64) } }]));
      expect(isEngineError(err, "corrupt")).toBe(true);
      expect(err.message).toMatch(/does not match its ID/);
    }
  });

  it("reports content longer or shorter than the index says, naming blob and pack", () => {
    const plain = text(2_000_000);
    const blob = stored(plain, "auto");
    for (const length of [plain.length - 1, plain.length + 1]) {
      const err = failure(() => writeFile([{ ...blob, ref: { ...blob.ref, uncompressedLength: length } }]));
      expect(isEngineError(err, "corrupt")).toBe(true);
      expect(err.message).toContain(blob.ref.id);
      expect(err.message).toContain("pack-1");
    }
  });

  it("passes a failed write on as it is, not as a damaged blob", () => {
    const blob = stored(text(300_000), "auto");
    const file = path.join(work, "read-only");
    fs.writeFileSync(file, "");
    const fd = fs.openSync(file, "r");
    const err = failure(() => writer.write(fd, blob.ref, blob.sealed)) as NodeJS.ErrnoException;
    fs.closeSync(fd);
    expect(err.code).toBe("EBADF");
    expect(err.syscall).toBe("write");
  });

  it("reports a frame cut short, and reads the next blob fine after any failure", () => {
    const plain = text(2_000_000);
    const frame = compress(plain);
    const cut = seal(key, frame.subarray(0, frame.length - 10));
    const blob = stored(plain, "auto");
    const err = failure(() => writeFile([{ ref: { ...blob.ref, length: cut.length }, sealed: cut }]));
    expect(isEngineError(err, "corrupt")).toBe(true);
    const garbage = seal(key, randomBytes(5000));
    expect(
      isEngineError(
        failure(() => writeFile([{ ref: blob.ref, sealed: garbage }])),
        "corrupt",
      ),
    ).toBe(true);
    // The decoder starts every blob afresh.
    expect(writeFile([blob]).equals(plain)).toBe(true);
  });
});
