// Can this machine reach an asset? Each check returns the reason in words, or null when it can.
// (Stand-in until lib/sources/probe.ts lands; the assets service only sees these two functions.)
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";

export async function probeDirectory(dir: string): Promise<string | null> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    if (info.code === "ENOENT") return "the path does not exist";
    if (info.code === "EACCES") return "permission denied";
    return info.message;
  }
  if (!info.isDirectory()) return "the path is not a directory";
  const readable = await access(dir, constants.R_OK | constants.X_OK).then(
    () => true,
    () => false,
  );
  return readable ? null : "the directory is not readable by this process";
}

export async function probeDatabase(url: string): Promise<string | null> {
  const { default: postgres } = await import("postgres");
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => undefined });
  try {
    await sql`select 1`;
    return null;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === "3D000") return "the database does not exist";
    if (e.code === "28P01" || e.code === "28000") return `authentication failed (${e.message})`;
    if (
      ["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "CONNECT_TIMEOUT"].includes(e.code ?? "")
    ) {
      return `the host is unreachable (${e.message})`;
    }
    return e.message ?? String(error);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}
