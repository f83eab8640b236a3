// What every command that works on a repository directly (like restic) shares: the --repo and
// --password-file flags, their environment fallbacks, and opening the repository. The engine is
// reached through lib/engine/index.ts only, loaded when a command runs (not when it is listed).
import fs from "node:fs/promises";
import type { EarlyKey, Repository, RepositoryOptions, Snapshot } from "@/lib/engine";

export const REPO_OPTIONS = {
  repo: { type: "string", short: "r" },
  "password-file": { type: "string", short: "p" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

export class UsageError extends Error {
  override name = "UsageError";
}

export async function readPassword(passwordFile: string | undefined): Promise<string> {
  if (passwordFile) return (await fs.readFile(passwordFile, "utf8")).replace(/\r?\n$/, "");
  const fromEnv = process.env.LIFEBOAT_PASSWORD ?? process.env.RESTIC_PASSWORD;
  if (fromEnv === undefined) {
    throw new UsageError(
      "no repository password: use --password-file or set LIFEBOAT_PASSWORD (or RESTIC_PASSWORD)",
    );
  }
  return fromEnv;
}

export function repoUrl(flag: string | undefined): string {
  const url = flag ?? process.env.RESTIC_REPOSITORY;
  if (!url) throw new UsageError("no repository given: use --repo or set RESTIC_REPOSITORY");
  return url;
}

/** The engine's backend for a repository URL, with S3 credentials from restic's variables. */
export async function backendFor(url: string, caCertificate?: Buffer) {
  const { openBackend } = await import("@/lib/engine");
  return openBackend(url, {
    s3: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "",
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "",
      sessionToken: process.env.AWS_SESSION_TOKEN,
      region: process.env.AWS_DEFAULT_REGION,
      caCertificate,
    },
  });
}

let earlyKeys: EarlyKey[] = [];

/** The key derivations the launcher started (runCli passes them here, once). */
export function setEarlyKeys(keys: EarlyKey[]): void {
  earlyKeys = keys;
}

/** How every engine command opens a repository: with the launcher's early key, if it matches. */
export function openOptions(): RepositoryOptions {
  return { earlyKeys };
}

export async function openRepository(values: {
  repo?: string;
  "password-file"?: string;
}): Promise<Repository> {
  const [{ Repository }, backend, password] = await Promise.all([
    import("@/lib/engine"),
    backendFor(repoUrl(values.repo)),
    readPassword(values["password-file"]),
  ]);
  return Repository.open(backend, password, openOptions());
}

/** `--help`: the command's usage on stdout, exit code 0 (the dispatcher's help points here). */
export function printUsage(text: string): number {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  return 0;
}

/** Runs a command body, turning usage and engine errors into a message and restic's exit code 1. */
export async function runCommand(name: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    const e = err as { name?: string; code?: string; message?: string };
    if (
      e.name === "UsageError" ||
      e.name === "EngineError" ||
      e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ||
      e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE"
    ) {
      process.stderr.write(`lifeboat ${name}: ${e.message}\n`);
      return 1;
    }
    throw err;
  }
}

/** restic's snapshot JSON shape (snapshots --json, ls --json's first line). */
export function snapshotJson(s: Snapshot) {
  return {
    time: s.time,
    ...(s.parent ? { parent: s.parent } : {}),
    tree: s.tree,
    paths: s.paths,
    hostname: s.hostname,
    username: s.username,
    ...(s.uid ? { uid: s.uid } : {}),
    ...(s.gid ? { gid: s.gid } : {}),
    ...(s.tags?.length ? { tags: s.tags } : {}),
    id: s.id,
    short_id: s.id.slice(0, 8),
  };
}
