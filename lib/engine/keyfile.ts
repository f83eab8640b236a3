// Key files wrap the master key with a key derived from a password by scrypt (RESTIC-FORMAT.md §4).
import { createHash, randomBytes } from "node:crypto";
import os from "node:os";
import { type MasterKey, masterKeyFromJson, masterKeyToJson, open, seal, sha256Hex } from "./crypto";
import { EngineError } from "./errors";
import { type ScryptParams, scrypt as scryptLanes, scryptOneThread } from "./scrypt/parallel";
import { formatGoTime } from "./time";

export type KdfParams = ScryptParams;

export interface KeyFile {
  created: string;
  username: string;
  hostname: string;
  kdf: "scrypt";
  N: number;
  r: number;
  p: number;
  salt: string;
  data: string;
}

const SALT_LENGTH = 64;
/** restic's calibration target: about 500 ms of scrypt with at most 60 MiB of memory. */
const TARGET_MS = 500;
const DEFAULT_N = 1 << 15;
const DEFAULT_R = 8;

/** The user key: scrypt with the key file's parameters, its lanes on a thread of their own. */
function scrypt(password: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  return scryptLanes(Buffer.from(password, "utf8"), salt, params, 64);
}

/**
 * Derived keys of this process, by digest of (password, salt, params). A long-running worker
 * opens the same repository for every job; without this each open costs ~0.5 s of scrypt CPU.
 * It holds nothing the process does not already hold: it has the password and the master key.
 */
const derivedKeys = new Map<string, Promise<Buffer>>();
const MAX_DERIVED_KEYS = 32;

/**
 * A key derivation started before the repository was opened (the CLI's launcher starts one from
 * the command line while the CLI loads: bin/early-key.mjs). Repository.open takes it through
 * its `earlyKeys` option and uses it only for exactly this password, salt and parameters.
 */
export interface EarlyKey extends KdfParams {
  password: string;
  /** The key file's salt, base64 as stored. */
  salt: string;
  key: Promise<Buffer>;
}

/** The early derivation for exactly this password, salt and parameters, if any; taken once. */
function takeEarlyKey(
  early: EarlyKey[] | undefined,
  password: string,
  salt: Buffer,
  params: KdfParams,
): Promise<Buffer> | undefined {
  if (!early?.length) return undefined;
  const b64 = salt.toString("base64");
  const i = early.findIndex(
    (e) =>
      e.password === password && e.salt === b64 && e.N === params.N && e.r === params.r && e.p === params.p,
  );
  return i < 0 ? undefined : early.splice(i, 1)[0].key;
}

function scryptCached(
  password: string,
  salt: Buffer,
  params: KdfParams,
  early?: EarlyKey[],
): Promise<Buffer> {
  const id = createHash("sha256")
    .update(JSON.stringify([params.N, params.r, params.p, salt.toString("base64")]))
    .update("\0")
    .update(password, "utf8")
    .digest("hex");
  let key = derivedKeys.get(id);
  if (!key) {
    if (derivedKeys.size >= MAX_DERIVED_KEYS) derivedKeys.delete(derivedKeys.keys().next().value as string);
    key = takeEarlyKey(early, password, salt, params) ?? scrypt(password, salt, params);
    key.catch(() => derivedKeys.delete(id));
    derivedKeys.set(id, key);
  }
  return key;
}

async function deriveUserKey(
  password: string,
  salt: Buffer,
  params: KdfParams,
  early?: EarlyKey[],
): Promise<MasterKey> {
  if (salt.length !== SALT_LENGTH) throw new EngineError("corrupt", "key file salt must be 64 bytes");
  const k = await scryptCached(password, salt, params, early);
  return { encrypt: k.subarray(0, 32), macK: k.subarray(32, 48), macR: k.subarray(48, 64) };
}

let calibrated: KdfParams | undefined;

/**
 * Picks p so one derivation takes about as long as restic's (N and r fixed like restic's), timed
 * the way restic's calibration does it: one lane, then as many as fit in the target. Timed with
 * Node's one-thread scrypt, which runs about as fast as restic's: restic then opens the
 * repository in about the time it expects, whatever our threads make of it.
 */
export async function calibrateKdf(): Promise<KdfParams> {
  if (calibrated) return calibrated;
  const probe = { N: DEFAULT_N, r: DEFAULT_R, p: 1 };
  const started = performance.now();
  await scryptOneThread(Buffer.from("calibration"), randomBytes(SALT_LENGTH), probe, 64);
  const elapsed = Math.max(1, performance.now() - started);
  calibrated = { N: DEFAULT_N, r: DEFAULT_R, p: Math.max(1, Math.round(TARGET_MS / elapsed)) };
  return calibrated;
}

export async function createKeyFile(
  password: string,
  master: MasterKey,
  opts: { kdf?: KdfParams; username?: string; hostname?: string } = {},
): Promise<{ id: string; bytes: Buffer; file: KeyFile }> {
  const params = opts.kdf ?? (await calibrateKdf());
  const salt = randomBytes(SALT_LENGTH);
  const userKey = await deriveUserKey(password, salt, params);
  const file: KeyFile = {
    created: formatGoTime(new Date()),
    username: opts.username ?? safeUsername(),
    hostname: opts.hostname ?? os.hostname(),
    kdf: "scrypt",
    N: params.N,
    r: params.r,
    p: params.p,
    salt: salt.toString("base64"),
    data: seal(userKey, Buffer.from(masterKeyToJson(master))).toString("base64"),
  };
  const bytes = Buffer.from(JSON.stringify(file));
  return { id: sha256Hex(bytes), bytes, file };
}

export function parseKeyFile(bytes: Buffer): KeyFile {
  const file = JSON.parse(bytes.toString("utf8")) as KeyFile;
  if (file.kdf !== "scrypt") throw new EngineError("unsupported", `unknown key derivation "${file.kdf}"`);
  return file;
}

/** Unwraps the master key; a wrong password surfaces as `unauthenticated`. */
export async function openKeyFile(file: KeyFile, password: string, early?: EarlyKey[]): Promise<MasterKey> {
  const userKey = await deriveUserKey(password, Buffer.from(file.salt, "base64"), file, early);
  const plain = open(userKey, Buffer.from(file.data, "base64"));
  return masterKeyFromJson(plain.toString("utf8"));
}

function safeUsername(): string {
  try {
    return os.userInfo().username;
  } catch {
    return "";
  }
}
