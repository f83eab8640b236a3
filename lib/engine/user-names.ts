// uid/gid → name, as restic records them. Node has no getpwuid, so read the databases directly.
import fs from "node:fs/promises";

let users: Promise<Map<number, string>> | undefined;
let groups: Promise<Map<number, string>> | undefined;

async function readIds(file: string): Promise<Map<number, string>> {
  const map = new Map<number, string>();
  const text = await fs.readFile(file, "utf8").catch(() => "");
  for (const line of text.split("\n")) {
    const [name, , id] = line.split(":");
    if (name && id !== undefined && !map.has(Number(id))) map.set(Number(id), name);
  }
  return map;
}

export async function userName(uid: number): Promise<string | undefined> {
  users ??= readIds("/etc/passwd");
  return (await users).get(uid);
}

export async function groupName(gid: number): Promise<string | undefined> {
  groups ??= readIds("/etc/group");
  return (await groups).get(gid);
}

export async function uidFor(name: string): Promise<number | undefined> {
  users ??= readIds("/etc/passwd");
  for (const [id, n] of await users) if (n === name) return id;
  return undefined;
}

export async function gidFor(name: string): Promise<number | undefined> {
  groups ??= readIds("/etc/group");
  for (const [id, n] of await groups) if (n === name) return id;
  return undefined;
}
