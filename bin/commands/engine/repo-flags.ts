// What every command that works on a repository directly (like restic) shares: the --repo and
// --password-file flags, their environment fallbacks, and opening the repository.
import fs from "node:fs/promises";
import type { Repository } from "@/lib/engine/repository";

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

export async function backendFor(url: string) {
  // Local folders skip open-backend: it loads the S3 client, ~0.15 s of every command's start.
  const local = url.startsWith("local:")
    ? url.slice("local:".length)
    : /^[a-z][a-z0-9+]*:/.test(url)
      ? ""
      : url;
  if (local) {
    const { LocalBackend } = await import("@/lib/engine/backend/local");
    return new LocalBackend(local);
  }
  const { openBackend } = await import("@/lib/engine/backend/open-backend");
  return openBackend(url, {
    s3: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "",
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "",
      sessionToken: process.env.AWS_SESSION_TOKEN,
      region: process.env.AWS_DEFAULT_REGION,
    },
  });
}

export async function openRepository(values: {
  repo?: string;
  "password-file"?: string;
}): Promise<Repository> {
  const { Repository } = await import("@/lib/engine/repository");
  const backend = await backendFor(repoUrl(values.repo));
  return Repository.open(backend, await readPassword(values["password-file"]));
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

/** Sizes as restic prints them (1.234 MiB), shared with prune's report. */
export { formatSize as formatBytes } from "@/lib/engine/prune/report";

/** restic's snapshot JSON shape (snapshots --json, ls --json's first line). */
export function snapshotJson(s: import("@/lib/engine/snapshot").Snapshot) {
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
