// Runs `lifeboat forget` in-process, capturing what it prints, and helpers to compare its
// --json groups with restic's (whose group order is Go's random map order).
import { vi } from "vitest";
import { run } from "./forget";

export interface Group {
  host: string;
  paths: string[] | null;
  tags: string[] | null;
  keep: { id: string }[] | null;
  remove: { id: string }[] | null;
  reasons: unknown[] | null;
}

export const groupKey = (g: Group) => JSON.stringify([g.host, g.paths, g.tags]);
export const sortGroups = (groups: Group[]) =>
  [...groups].sort((a, b) => (groupKey(a) < groupKey(b) ? -1 : 1));

export async function lifeboatForget(
  repoDir: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await run(["--repo", repoDir, ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
