import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, randomMasterKey, sealApart, sha256Hex } from "../crypto";
import { SmallBlobBundle } from "./small-blobs";

const key = randomMasterKey();

function sealed(plain: Buffer) {
  return { id: sha256Hex(plain), ...sealApart(key, plain) };
}

describe("SmallBlobBundle", () => {
  it("has nothing to close before a blob is added", () => {
    expect(new SmallBlobBundle().close()).toBeUndefined();
  });

  it("returns the message once per batch and fills it with the blobs' sealed bytes in order", () => {
    const bundle = new SmallBlobBundle();
    const plains = [randomBytes(10), Buffer.alloc(0), randomBytes(5000)];
    const blobs = plains.map(sealed);
    const messages = blobs.map((b, i) => bundle.add(b.id, b.ivMac, b.ciphertext, i === 2 ? 9000 : 0));
    expect(messages[0]).toBeDefined();
    expect(messages.slice(1)).toEqual([undefined, undefined]);
    const moved = bundle.close();
    const message = messages[0];
    if (!message) throw new Error("no message");
    // Its own buffer, exactly the blobs' bytes: moving it empties nothing else.
    expect(moved).toBe(message.bytes.buffer);
    expect(message.bytes.byteOffset).toBe(0);
    expect(moved?.byteLength).toBe(blobs.reduce((n, b) => n + b.ivMac.length + b.ciphertext.length, 0));
    expect(message.entries.map((e) => [e.id, e.uncompressedLength])).toEqual(
      blobs.map((b, i) => [b.id, i === 2 ? 9000 : 0]),
    );
    let at = 0;
    message.entries.forEach((entry, i) => {
      const bytes = Buffer.from(message.bytes.subarray(at, at + entry.length));
      at += entry.length;
      // IV, ciphertext, MAC: what a pack stores, and it opens to the plaintext.
      expect(open(key, bytes).equals(plains[i])).toBe(true);
    });
  });

  it("starts a new message after each close", () => {
    const bundle = new SmallBlobBundle();
    const a = sealed(randomBytes(100));
    const first = bundle.add(a.id, a.ivMac, a.ciphertext, 0);
    bundle.close();
    const second = bundle.add(a.id, a.ivMac, a.ciphertext, 0);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    bundle.close();
    expect(second?.entries).toHaveLength(1);
    expect(bundle.close()).toBeUndefined();
  });
});
