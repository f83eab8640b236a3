// uid/gid → name, as restic records them. Node has no getpwuid, so read the databases directly.
import fsSync from "node:fs";
import fs from "node:fs/promises";

let users: Promise<Map<number, string>> | undefined;
let groups: Promise<Map<number, string>> | undefined;

function parseIds(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const line of text.split("\n")) {
    const [name, , id] = line.split(":");
    if (name && id !== undefined && !map.has(Number(id))) map.set(Number(id), name);
  }
  return map;
}

async function readIds(file: string): Promise<Map<number, string>> {
  return parseIds(await fs.readFile(file, "utf8").catch(() => ""));
}

let usersSync: Map<number, string> | undefined;
let groupsSync: Map<number, string> | undefined;

function readIdsSync(file: string): Map<number, string> {
  try {
    return parseIds(fsSync.readFileSync(file, "utf8"));
  } catch {
    return new Map();
  }
}

export function userNameSync(uid: number): string | undefined {
  usersSync ??= readIdsSync("/etc/passwd");
  return usersSync.get(uid);
}

export function groupNameSync(gid: number): string | undefined {
  groupsSync ??= readIdsSync("/etc/group");
  return groupsSync.get(gid);
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
