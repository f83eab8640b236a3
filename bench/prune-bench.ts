// `npm run bench:prune`: Lifeboat's prune and restic's prune side by side on identical copies of
// one repository (cp -a) holding two snapshots of distinct data, one of them forgotten, so half
// the data is unreferenced. Prints each run, the medians and the ratio Lifeboat/restic.
// Full: 1 GiB repository; `--quick`: 64 MiB; `--half-mib=N` for other sizes. `--runs=N` (default 3).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { cliLauncher } from "./build-cli";

const quick = process.argv.includes("--quick");
const runs = Number(process.argv.find((a) => a.startsWith("--runs="))?.slice(7) ?? 3);
const halfMib = Number(
  process.argv.find((a) => a.startsWith("--half-mib="))?.slice(11) ?? (quick ? 32 : 512),
);
const HALF_BYTES = halfMib * 1024 * 1024;
const FILE_BYTES = 8 * 1024 * 1024;
const ROOT = path.resolve(import.meta.dirname, "..");
const PASSWORD = "bench-password";
const ENV = { ...process.env, RESTIC_PASSWORD: PASSWORD, LIFEBOAT_PASSWORD: PASSWORD, INIT_CWD: "" };

function run(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: ROOT, env: ENV, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`${cmd} ${args.join(" ")} failed (${code}): ${err}`)),
    );
  });
}

const restic = (args: string[]) => run("restic", ["--no-cache", ...args]);
// As `npm run lifeboat` runs it (bin/lifeboat, then the compiled CLI); `--tsx` through tsx.
const viaTsx = process.argv.includes("--tsx");
const [lifeboatFile, lifeboatArgs] = viaTsx
  ? [process.execPath, ["--import", "tsx", path.join(ROOT, "bin/lifeboat.ts")]]
  : cliLauncher(ROOT);
const lifeboat = (args: string[]) => run(lifeboatFile, [...lifeboatArgs, ...args]);

/** Incompressible files, so the repository really holds HALF_BYTES per snapshot. */
async function writeData(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (let i = 0; i * FILE_BYTES < HALF_BYTES; i++)
    await fs.writeFile(path.join(dir, `file-${i}`), randomBytes(FILE_BYTES));
}

async function buildRepository(work: string): Promise<string> {
  const repo = path.join(work, "base");
  await restic(["-r", repo, "init"]);
  for (const name of ["forgotten", "kept"]) {
    const data = path.join(work, name);
    await writeData(data);
    await restic(["-r", repo, "backup", "--tag", name, data]);
    await fs.rm(data, { recursive: true, force: true });
  }
  await restic(["-r", repo, "forget", "--tag", "forgotten", "--keep-last", "0", "--group-by", "tags"]).catch(
    async () => {
      // Older restic refuses --keep-last 0: forget the tagged snapshot by ID instead.
      const out = spawnSync(
        "restic",
        ["--no-cache", "-r", repo, "snapshots", "--json", "--tag", "forgotten"],
        { env: ENV },
      );
      const [sn] = JSON.parse(out.stdout.toString()) as { id: string }[];
      await restic(["-r", repo, "forget", sn.id]);
    },
  );
  return repo;
}

async function du(dir: string): Promise<number> {
  const out = spawnSync("du", ["-sb", dir]);
  return Number(out.stdout.toString().split("\t")[0]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dropCaches = () =>
  spawnSync("sh", ["-c", "sync; echo 3 > /proc/sys/vm/drop_caches"], { stdio: "ignore" });

type Tool = "lifeboat" | "restic" | "engine";

/**
 * Open + prune in this process, as the dashboard's server runs it: no process start-up, and the
 * key already derived (a running server keeps derived keys; the first open here derives it
 * untimed, so every run measures the same thing).
 */
async function engineInProcess(repoDir: string): Promise<number> {
  const { LocalBackend } = await import("@/lib/engine/backend/local");
  const { Repository } = await import("@/lib/engine/repository");
  const { prune } = await import("@/lib/engine/prune");
  await Repository.open(new LocalBackend(repoDir), PASSWORD);
  const started = performance.now();
  await prune(await Repository.open(new LocalBackend(repoDir), PASSWORD));
  return (performance.now() - started) / 1000;
}

async function timedPrune(tool: Tool, base: string, copy: string): Promise<number> {
  spawnSync("cp", ["-a", base, copy]);
  dropCaches();
  const seconds =
    tool === "lifeboat"
      ? await lifeboat(["prune", "--repo", copy])
      : tool === "engine"
        ? await engineInProcess(copy)
        : await restic(["-r", copy, "prune"]);
  if (tool !== "restic") await restic(["-r", copy, "check"]); // the result must still be a valid repository
  await fs.rm(copy, { recursive: true, force: true });
  return seconds;
}

async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-prune-bench-"));
  try {
    console.log(
      `building a ${quick ? "quick" : "full"} repository (${(2 * HALF_BYTES) / 2 ** 20} MiB, half unreferenced)...`,
    );
    const base = await buildRepository(work);
    const size = await du(base);
    // restic's init sizes the key's scrypt to the machine's speed at that moment; every prune
    // (both tools) starts by deriving it, so say how strong it came out.
    const [keyName] = await fs.readdir(path.join(base, "keys"));
    const key = JSON.parse(await fs.readFile(path.join(base, "keys", keyName), "utf8"));
    console.log(`key: scrypt N=${key.N} r=${key.r} p=${key.p}`);
    const times: Record<Tool, number[]> = { lifeboat: [], restic: [], engine: [] };
    for (let i = 0; i < runs; i++) {
      // Alternate who goes first so neither always meets a warmer machine.
      const order: Tool[] = i % 2 === 0 ? ["lifeboat", "restic", "engine"] : ["engine", "restic", "lifeboat"];
      for (const tool of order) {
        const s = await timedPrune(tool, base, path.join(work, `${tool}-${i}`));
        times[tool].push(s);
        console.log(`run ${i + 1}: ${tool.padEnd(8)} ${s.toFixed(2)} s`);
      }
    }
    // The fixed cost of starting Node and loading the CLI, paid before any prune work.
    const startup: number[] = [];
    for (let i = 0; i < runs; i++) startup.push(await lifeboat(["--help"]));
    const l = median(times.lifeboat);
    const r = median(times.restic);
    console.log(`\nrepository ${(size / 2 ** 20).toFixed(0)} MiB, ${runs} runs`);
    console.log(
      `median prune: lifeboat ${l.toFixed(2)} s, restic ${r.toFixed(2)} s, ratio lifeboat/restic ${(l / r).toFixed(2)}`,
    );
    // Within a run both tools meet the same machine load: that ratio is steadier on a shared machine.
    const paired = median(times.lifeboat.map((t, i) => t / times.restic[i]));
    console.log(`median per-run ratio lifeboat/restic ${paired.toFixed(2)}`);
    console.log(`of which Node + CLI start-up (lifeboat --help): ${median(startup).toFixed(2)} s`);
    const e = median(times.engine);
    console.log(
      `median in-process engine (open with the key cached + prune, as the server runs it): ${e.toFixed(2)} s, ratio engine/restic ${(e / r).toFixed(2)}`,
    );
    console.log(
      JSON.stringify({
        bench: "prune",
        quick,
        repositoryBytes: size,
        runs,
        lifeboat: times.lifeboat,
        restic: times.restic,
        engineInProcess: times.engine,
        lifeboatStartup: startup,
        medianRatio: l / r,
        medianPairedRatio: paired,
      }),
    );
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

await main();
