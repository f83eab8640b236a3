// The repository commands end to end through the real CLI entry, with their JSON compared to
// what restic 0.14 prints for the same repository: same message types, same field names, and
// each tool reading what the other wrote.
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutRestic } from "@/test-support/external";
import { removeDir, resticOk, TEST_PASSWORD, tempDir } from "@/test-support/restic";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const CLI = path.join(ROOT, "bin/lifeboat.ts");

function lifeboat(args: string[], input?: Buffer) {
  const started = Date.now();
  const r = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, LIFEBOAT_PASSWORD: TEST_PASSWORD, INIT_CWD: "" },
    input,
    maxBuffer: 64 << 20,
  });
  return {
    code: r.status,
    stdout: r.stdout.toString(),
    stderr: r.stderr.toString(),
    ms: Date.now() - started,
  };
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe.skipIf(skipWithoutRestic())("engine CLI against restic", () => {
  let work: string;
  let src: string;
  let repo: string;

  beforeAll(async () => {
    work = await tempDir();
    src = path.join(work, "site");
    await fs.mkdir(path.join(src, "conf"), { recursive: true });
    await fs.writeFile(path.join(src, "conf", "app.ini"), "[app]\nname = shop\n");
    await fs.writeFile(path.join(src, "log.txt"), "a line of log\n".repeat(20_000));
    repo = path.join(work, "repo");
  });
  afterAll(() => removeDir(work));

  it("answers --help quickly without opening anything", () => {
    const r = lifeboat(["backup", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--stdin-filename");
    // Generous for a loaded 2-core machine; the heavy modules are imported only when used.
    expect(r.ms).toBeLessThan(3000);
  });

  it("backs up with restic's JSON messages and field names", async () => {
    expect(lifeboat(["init", "--repo", repo]).code).toBe(0);
    const ours = lifeboat(["backup", "--repo", repo, "--json", "--tag", "web", "--host", "shop1", src]);
    expect(ours.code, ours.stderr).toBe(0);
    const messages = jsonLines(ours.stdout);
    expect(messages.at(-1).message_type).toBe("summary");
    expect(messages.slice(0, -1).every((m) => m.message_type === "status")).toBe(true);

    const theirs = jsonLines(await resticOk(repo, ["backup", "--json", "--force", "--host", "shop1", src]));
    const resticSummary = theirs.at(-1);
    const ourSummary = messages.at(-1);
    for (const field of Object.keys(resticSummary)) expect(ourSummary).toHaveProperty(field);
    expect(ourSummary.files_new).toBe(2);
    expect(ourSummary.total_bytes_processed).toBe(resticSummary.total_bytes_processed);
    expect(resticSummary.data_blobs).toBe(0); // restic found every chunk already stored
  });

  it("lists snapshots like restic, and restic's snapshot is found by its short ID", async () => {
    const ours = JSON.parse(lifeboat(["snapshots", "--repo", repo, "--json"]).stdout);
    const theirs = JSON.parse(await resticOk(repo, ["snapshots", "--json"]));
    expect(ours.map((s: { id: string }) => s.id)).toEqual(theirs.map((s: { id: string }) => s.id));
    for (const [i, s] of theirs.entries()) {
      for (const field of ["id", "short_id", "time", "tree", "paths", "hostname", "username"]) {
        expect(ours[i][field], field).toEqual(s[field]);
      }
    }
    expect(ours[0].tags).toEqual(["web"]);
    const byShortId = lifeboat(["ls", "--repo", repo, theirs[1].short_id, path.join(src, "conf")]);
    expect(byShortId.stdout.trim().split("\n").slice(1)).toEqual([
      path.join(src, "conf"),
      path.join(src, "conf", "app.ini"),
    ]);
  });

  it("ls --json, restore and dump read what restic wrote", async () => {
    const nodes = jsonLines(lifeboat(["ls", "--repo", repo, "--json", "latest", src]).stdout);
    expect(nodes[0].struct_type).toBe("snapshot");
    const log = nodes.find((n) => n.name === "log.txt");
    expect(log).toMatchObject({ type: "file", size: 14 * 20_000, struct_type: "node" });

    const target = path.join(work, "out");
    const restored = lifeboat([
      "restore",
      "--repo",
      repo,
      "latest",
      "--target",
      target,
      "--include",
      path.join(src, "conf"),
    ]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await fs.readFile(path.join(target, src, "conf", "app.ini"), "utf8")).toBe("[app]\nname = shop\n");
    await expect(fs.stat(path.join(target, src, "log.txt"))).rejects.toThrow();

    const dumped = lifeboat(["dump", "--repo", repo, "latest", path.join(src, "log.txt")]);
    expect(dumped.stdout).toBe(await fs.readFile(path.join(src, "log.txt"), "utf8"));
  });

  it("backs up stdin with the same summary fields as restic's --stdin", async () => {
    const data = Buffer.from("pg_dump output\n".repeat(10_000));
    const ours = lifeboat(
      ["backup", "--repo", repo, "--json", "--stdin", "--stdin-filename", "db.sql"],
      data,
    );
    expect(ours.code, ours.stderr).toBe(0);
    const restic = spawnSync(
      "restic",
      ["--no-cache", "-r", repo, "backup", "--json", "--stdin", "--stdin-filename", "db2.sql"],
      {
        env: { ...process.env, RESTIC_PASSWORD: TEST_PASSWORD },
        input: data,
      },
    );
    expect(restic.status, restic.stderr.toString()).toBe(0);
    const theirs = jsonLines(restic.stdout.toString());
    const ourSummary = jsonLines(ours.stdout).at(-1);
    for (const field of Object.keys(theirs.at(-1))) expect(ourSummary).toHaveProperty(field);
    expect(ourSummary.total_bytes_processed).toBe(data.length);
    expect(theirs.at(-1).data_blobs).toBe(0); // same chunks, already stored by Lifeboat
  });

  it("prints the same text summary for a --stdin backup as for a folder backup", async () => {
    const text = lifeboat(
      ["backup", "--repo", repo, "--stdin", "--stdin-filename", "t.sql"],
      Buffer.from("x".repeat(5000)),
    );
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Files: +1 new, 0 changed, 0 unmodified$/m);
    expect(text.stdout).toMatch(/^Dirs: +0 new, 0 changed, 0 unmodified$/m);
    expect(text.stdout).toMatch(/^Added to the repository: .+ \(.+ stored\)$/m);
    expect(text.stdout).toMatch(/^processed 1 files, .+ in [\d.]+s$/m);
    expect(text.stdout).toMatch(/^snapshot [0-9a-f]{8} saved$/m);
  });

  it("fails with restic's exit code 1 and a message for a wrong password or a missing repository", () => {
    const wrong = spawnSync(process.execPath, ["--import", "tsx", CLI, "snapshots", "--repo", repo], {
      cwd: ROOT,
      env: { ...process.env, LIFEBOAT_PASSWORD: "not the password", INIT_CWD: "" },
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.toString()).toMatch(/password/i);
    const missing = lifeboat(["snapshots", "--repo", path.join(work, "nothing-here")]);
    expect(missing.code).toBe(1);
  });
});
