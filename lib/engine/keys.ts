// Repository passwords (restic's `key` command): each key file wraps the same master key, so
// adding, changing or removing a password never touches the data.
import { EngineError } from "./errors";
import { createKeyFile, type KdfParams, parseKeyFile } from "./keyfile";
import { withLock } from "./lock";
import type { Repository } from "./repository";

export interface KeyInfo {
  id: string;
  username: string;
  hostname: string;
  created: string;
  /** The key this session opened the repository with. */
  current: boolean;
}

export interface NewKeyOptions {
  /** scrypt parameters; calibrated like restic's when omitted. */
  kdf?: KdfParams;
  username?: string;
  hostname?: string;
}

export async function listKeys(repo: Repository): Promise<KeyInfo[]> {
  const keys: KeyInfo[] = [];
  for (const id of await repo.listFiles("keys")) {
    const file = parseKeyFile(await repo.backend.read("keys", id));
    keys.push({
      id,
      username: file.username,
      hostname: file.hostname,
      created: file.created,
      current: id === repo.currentKeyId,
    });
  }
  return keys.sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
}

async function writeKey(repo: Repository, password: string, opts: NewKeyOptions): Promise<string> {
  if (password === "") throw new EngineError("invalid_argument", "an empty password is not allowed");
  const key = await createKeyFile(password, repo.key, opts);
  await repo.backend.write("keys", key.id, key.bytes);
  return key.id;
}

/** Adds a password that opens the same repository; returns the new key's ID. */
export async function addKey(repo: Repository, password: string, opts: NewKeyOptions = {}): Promise<string> {
  return withLock(repo, false, () => writeKey(repo, password, opts));
}

/** Removes a key by ID or unique prefix; never the one in use, so nobody locks themselves out. */
export async function removeKey(repo: Repository, idOrPrefix: string): Promise<string> {
  return withLock(repo, true, async () => {
    const id = await resolveKeyId(repo, idOrPrefix);
    if (id === repo.currentKeyId)
      throw new EngineError(
        "invalid_argument",
        "refusing to remove the key currently used to access the repository",
      );
    await repo.backend.remove("keys", id);
    return id;
  });
}

/** restic's `key passwd`: add a key for the new password, then remove the one used to open. */
export async function changePassword(
  repo: Repository,
  newPassword: string,
  opts: NewKeyOptions = {},
): Promise<{ added: string; removed: string }> {
  return withLock(repo, true, async () => {
    const removed = repo.currentKeyId;
    const added = await writeKey(repo, newPassword, opts);
    await repo.backend.remove("keys", removed);
    repo.currentKeyId = added;
    return { added, removed };
  });
}

async function resolveKeyId(repo: Repository, prefix: string): Promise<string> {
  if (!/^[0-9a-f]{1,64}$/.test(prefix))
    throw new EngineError("invalid_argument", `"${prefix}" is not a key ID`);
  const ids = (await repo.listFiles("keys")).filter((id) => id.startsWith(prefix));
  if (ids.length === 0) throw new EngineError("not_found", `no key with ID ${prefix}`);
  if (ids.length > 1) throw new EngineError("invalid_argument", `key ID prefix ${prefix} is ambiguous`);
  return ids[0];
}
