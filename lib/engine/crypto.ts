// restic's authenticated encryption: AES-256-CTR, then Poly1305-AES over the ciphertext only.
// Sealed layout: IV(16) || CT || MAC(16). See RESTIC-FORMAT.md §5.
import { type Cipher, createCipheriv, createHash, randomBytes, randomFillSync } from "node:crypto";
import { EngineError } from "./errors";
import { requireCjs } from "./require-cjs";

const sodium = requireCjs("sodium-native") as typeof import("sodium-native").default;

export interface MasterKey {
  encrypt: Buffer; // 32 bytes, AES-256
  macK: Buffer; // 16 bytes, AES-128 key that encrypts the nonce into Poly1305's s
  macR: Buffer; // 16 bytes, Poly1305 r (clamped by libsodium)
}

export const IV_SIZE = 16;
export const MAC_SIZE = 16;
export const SEAL_OVERHEAD = IV_SIZE + MAC_SIZE;

export function randomMasterKey(): MasterKey {
  return { encrypt: randomBytes(32), macK: randomBytes(16), macR: randomBytes(16) };
}

export function sha256(bytes: Uint8Array): Buffer {
  return createHash("sha256").update(bytes).digest();
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function isZero(buf: Uint8Array): boolean {
  for (let i = 0; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}

/**
 * One AES-128-ECB cipher per MAC key, reused: ECB without padding encrypts each 16-byte update
 * on its own, and creating a cipher object for every blob was a measurable cost of a restore.
 */
const ecbByKey = new WeakMap<Buffer, Cipher>();

function poly1305Key(key: MasterKey, iv: Uint8Array): Buffer {
  let ecb = ecbByKey.get(key.macK);
  if (!ecb) {
    ecb = createCipheriv("aes-128-ecb", key.macK, null);
    ecb.setAutoPadding(false);
    ecbByKey.set(key.macK, ecb);
  }
  const out = Buffer.allocUnsafe(32);
  key.macR.copy(out, 0);
  ecb.update(iv).copy(out, 16);
  return out;
}

function computeMac(key: MasterKey, iv: Uint8Array, ciphertext: Uint8Array, out: Buffer): void {
  sodium.crypto_onetimeauth(out, ciphertext, poly1305Key(key, iv));
}

/** Encrypts and authenticates `plain`; the result is IV || CT || MAC in one allocation. */
export function seal(key: MasterKey, plain: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(plain.length + SEAL_OVERHEAD);
  const iv = out.subarray(0, IV_SIZE);
  do randomBytesInto(iv);
  while (isZero(iv));
  const cipher = createCipheriv("aes-256-ctr", key.encrypt, iv);
  const ct = out.subarray(IV_SIZE, IV_SIZE + plain.length);
  const n = cipher.update(plain).copy(ct);
  cipher.final().copy(ct, n);
  computeMac(key, iv, ct, out.subarray(IV_SIZE + plain.length));
  return out;
}

/**
 * seal() in two pieces, for blobs that go to a pack: the ciphertext as the cipher returned it
 * (a buffer of its own) and `ivMac`, the 16-byte IV then the 16-byte MAC, that go around it.
 * seal() copies the cipher's output into a buffer with room for both, so every blob a backup
 * sealed was allocated twice and the cipher's copy stayed behind as garbage until a
 * collection (on the benchmark's first backup ~20 MB of it at the peak, by heaptrack).
 */
export function sealApart(key: MasterKey, plain: Uint8Array): { ciphertext: Buffer; ivMac: Buffer } {
  const ivMac = Buffer.allocUnsafeSlow(SEAL_OVERHEAD);
  const iv = ivMac.subarray(0, IV_SIZE);
  do randomBytesInto(iv);
  while (isZero(iv));
  const cipher = createCipheriv("aes-256-ctr", key.encrypt, iv);
  let ciphertext = cipher.update(plain);
  const tail = cipher.final(); // empty: CTR is a stream cipher
  if (tail.length) ciphertext = Buffer.concat([ciphertext, tail]);
  computeMac(key, iv, ciphertext, ivMac.subarray(IV_SIZE));
  return { ciphertext, ivMac };
}

/** Verifies the MAC first, then decrypts. A failed MAC throws `unauthenticated`. */
export function open(key: MasterKey, sealed: Uint8Array): Buffer {
  const { iv, ct } = authenticate(key, sealed);
  const decipher = createCipheriv("aes-256-ctr", key.encrypt, iv);
  const head = decipher.update(ct);
  const tail = decipher.final();
  return tail.length ? Buffer.concat([head, tail]) : head;
}

/**
 * Checks a sealed blob's MAC; returns its IV and ciphertext for decrypting (all of it at once
 * with open(), or piece by piece with a decipher of its own). A failed MAC throws
 * `unauthenticated`.
 */
export function authenticate(key: MasterKey, sealed: Uint8Array): { iv: Uint8Array; ct: Uint8Array } {
  if (sealed.length < SEAL_OVERHEAD) {
    throw new EngineError("unauthenticated", "ciphertext too short");
  }
  const iv = sealed.subarray(0, IV_SIZE);
  const ct = sealed.subarray(IV_SIZE, sealed.length - MAC_SIZE);
  const mac = sealed.subarray(sealed.length - MAC_SIZE);
  if (isZero(iv)) throw new EngineError("unauthenticated", "invalid nonce (all zeros)");
  const expected = Buffer.allocUnsafe(MAC_SIZE);
  computeMac(key, iv, ct, expected);
  if (!sodium.sodium_memcmp(expected, Buffer.from(mac.buffer, mac.byteOffset, MAC_SIZE))) {
    throw new EngineError("unauthenticated", "ciphertext verification failed (wrong key or corrupted data)");
  }
  return { iv, ct };
}

/** IVs come from a pool filled 4 KiB at a time: one randomBytes() call per blob added up. */
const ivPool = Buffer.allocUnsafe(4096);
let ivPoolUsed = ivPool.length;

function randomBytesInto(buf: Buffer): void {
  if (ivPoolUsed + buf.length > ivPool.length) {
    randomFillSync(ivPool);
    ivPoolUsed = 0;
  }
  ivPool.copy(buf, 0, ivPoolUsed, ivPoolUsed + buf.length);
  // Never hand out the same bytes twice.
  ivPool.fill(0, ivPoolUsed, ivPoolUsed + buf.length);
  ivPoolUsed += buf.length;
}

/** The master key as stored inside a key file: {"mac":{"k","r"},"encrypt"} in base64. */
export function masterKeyToJson(key: MasterKey): string {
  return JSON.stringify({
    mac: { k: key.macK.toString("base64"), r: key.macR.toString("base64") },
    encrypt: key.encrypt.toString("base64"),
  });
}

export function masterKeyFromJson(json: string): MasterKey {
  const raw = JSON.parse(json) as { mac?: { k?: string; r?: string }; encrypt?: string };
  const macK = Buffer.from(raw.mac?.k ?? "", "base64");
  const macR = Buffer.from(raw.mac?.r ?? "", "base64");
  const encrypt = Buffer.from(raw.encrypt ?? "", "base64");
  if (macK.length !== 16 || macR.length !== 16 || encrypt.length !== 32) {
    throw new EngineError("corrupt", "master key has the wrong shape");
  }
  return { encrypt, macK, macR };
}
