// Can this machine reach an asset? Asked when an asset is added (so a typo is refused with the
// reason at once, not discovered by the first scheduled backup) and before a job starts. Each probe
// resolves when the source is usable and throws an Error whose message says why it is not.
import { constants } from "node:fs";
import fs from "node:fs/promises";
import { connect } from "./pg-tools";

/** Resolves when `dir` is an existing folder this process can list and enter. */
export async function probeDirectory(dir: string): Promise<void> {
  const info = await fs.stat(dir).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    const code = (info as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new Error(`${dir} does not exist`);
    if (code === "EACCES") throw new Error(`${dir} cannot be reached: permission denied`);
    if (code === "ENOTDIR") throw new Error(`${dir} does not exist (a parent is not a folder)`);
    throw new Error(`${dir} cannot be reached: ${info.message}`);
  }
  if (!info.isDirectory()) throw new Error(`${dir} is not a folder`);
  try {
    await fs.access(dir, constants.R_OK | constants.X_OK);
    // access() trusts mode bits; opening the folder proves it (ACLs, mounts that refuse reads).
    const handle = await fs.opendir(dir);
    await handle.close();
  } catch (error) {
    throw new Error(`${dir} is not readable by this process: ${(error as Error).message}`);
  }
}

/** Postgres error codes and socket errors, in words an operator can act on. */
function explain(error: unknown, host: string, database: string): string {
  const e = error as { code?: string; message?: string };
  const detail = e.message ?? String(error);
  switch (e.code) {
    case "3D000":
      return `the database "${database}" does not exist on ${host}`;
    case "28P01":
    case "28000":
      return `authentication failed: ${detail}`;
    case "42501":
      return `permission denied: ${detail}`;
    case "53300":
      return `the server refuses more connections: ${detail}`;
    case "57P03":
      return `the server is starting up or shutting down: ${detail}`;
    case "ECONNREFUSED":
      return `the host ${host} is unreachable: nothing accepts connections there (${detail})`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `the host ${host} is unreachable: its name does not resolve`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ETIMEDOUT":
    case "CONNECT_TIMEOUT":
      return `the host ${host} is unreachable (${detail})`;
    default:
      return detail;
  }
}

/**
 * Connects with the URL and returns the name of the database it reached. The password never
 * appears in an error: messages are built from the host and database only, and any echo of the
 * password by a driver or server is masked.
 */
export async function probeDatabase(url: string, timeoutSeconds = 10): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("the database URL cannot be parsed (expected postgres://user:password@host:5432/name)");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new Error(`the database URL must start with postgres:// (got ${parsed.protocol}//)`);
  }
  const host = `${decodeURIComponent(parsed.hostname) || "localhost"}:${parsed.port || "5432"}`;
  const wanted = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  const password = decodeURIComponent(parsed.password);
  const sql = connect(url, timeoutSeconds);
  try {
    const [row] = await sql<{ name: string }[]>`select current_database() as name`;
    return row?.name ?? wanted;
  } catch (error) {
    let message = explain(error, host, wanted || "(default)");
    if (password) message = message.replaceAll(password, "***");
    throw new Error(`cannot connect to PostgreSQL: ${message}`);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}
