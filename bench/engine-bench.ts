// `npm run bench`: Lifeboat's engine and restic side by side on the same data, same machine, in
// one run: first backup, backup after a 5% change, full restore. Prints medians, the ratio
// Lifeboat/restic per phase (wall clock and CPU), peak memory and repository size. `--quick` for a smoke run. Both
// tools work on copies of one repository made by `restic init` (same key, same chunker).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { cliLauncher } from "./build-cli";
import { changeFivePercent, FULL, makeDataset, QUICK } from "./dataset";

const quick = process.argv.includes("--quick");
const viaTsx = process.argv.includes("--tsx");
const runs = Number(process.argv.find((a) => a.startsWith("--runs="))?.slice(7) ?? (quick ? 1 : 3));
const spec = quick ? QUICK : FULL;
const ROOT = path.resolve(import.meta.dirname, "..");
const WORK = path.join(ROOT, "bench", ".data");
const DATA = path.join(WORK, "data");
const PASSWORD = "bench-password";

interface Measured {
  seconds: number;
  peakRssMb: number;
  /** User + system CPU seconds of the whole process tree (all threads, waited-for children). */
  cpuSeconds: number;
}

/**
 * Runs a command under GNU time: the peak RSS (largest process of its tree) and the user and
 * system CPU of the tree. On a shared machine wall-clock time is noise; CPU time is not.
 */
function measure(cmd: string, args: string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("/usr/bin/time", ["-f", "%M %U %S", cmd, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        RESTIC_PASSWORD: PASSWORD,
        LIFEBOAT_PASSWORD: PASSWORD,
        INIT_CWD: "",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      const seconds = (performance.now() - started) / 1000;
      const lines = err.trim().split("\n");
      const [kb, user, sys] = (lines.at(-1) ?? "").split(" ").map(Number);
      if (code !== 0) reject(new Error(`${cmd} ${args.join(" ")} failed (${code}): ${err}`));
      else resolve({ seconds, peakRssMb: kb / 1024, cpuSeconds: user + sys });
    });
  });
}

/** How Lifeboat's CLI is started: as `npm run lifeboat` starts it (default), or through tsx. */
let lifeboatCli: [file: string, args: string[]] = [
  process.execPath,
  ["--import", "tsx", path.join(ROOT, "bin/lifeboat.ts")],
];

const tools = {
  restic: (args: string[]) => measure("restic", ["--no-cache", ...args]),
  lifeboat: (args: string[]) => measure(lifeboatCli[0], [...lifeboatCli[1], ...args]),
};
type Tool = keyof typeof tools;

async function du(dir: string): Promise<number> {
  let total = 0;
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += (await fs.stat(path.join(e.parentPath, e.name))).size;
  }
  return total;
}

/** The scrypt parameters of a repository's first key file, for the report. */
async function kdfParams(repo: string): Promise<string> {
  const [first] = await fs.readdir(path.join(repo, "keys"));
  const key = JSON.parse(await fs.readFile(path.join(repo, "keys", first), "utf8"));
  return `N=${key.N} r=${key.r} p=${key.p}`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Dropping the page cache needs root and a writable /proc/sys (not in most containers). */
function canDropCaches(): Promise<boolean> {
  return fs.writeFile("/proc/sys/vm/drop_caches", "3").then(
    () => true,
    () => false,
  );
}

/**
 * Writes dirty pages out first: the previous phase's writes (a repository, a restored tree)
 * would otherwise be flushed by the kernel during the next phase and slow whichever tool runs
 * then (restore times grew by half from one run to the next without it).
 */
async function dropCaches() {
  spawnSync("sync");
  await canDropCaches();
}

async function main() {
  await fs.mkdir(WORK, { recursive: true });
  if (!viaTsx) lifeboatCli = cliLauncher(ROOT);
  console.log(`Lifeboat runs as: ${lifeboatCli.flat().join(" ")}`);
  const fileCount = spec.smallFiles + spec.largeFiles + spec.textFiles;
  console.log(
    `data set in ${DATA}: ${fileCount} files; ${runs} run(s) per phase; ${os.cpus().length} cores, ${os.cpus()[0]?.model}`,
  );
  console.log(
    `page cache: ${(await canDropCaches()) ? "dropped before each phase" : "warm (cannot drop caches here)"}`,
  );

  const results: Record<string, Record<Tool, Measured[]>> = {};
  const sizes: Record<Tool, number> = { restic: 0, lifeboat: 0 };
  const record = (phase: string, tool: Tool, m: Measured) => {
    results[phase] ??= { restic: [], lifeboat: [] };
    results[phase][tool].push(m);
    console.log(
      `  ${phase.padEnd(18)} ${tool.padEnd(8)} ${m.seconds.toFixed(2)} s  CPU ${m.cpuSeconds.toFixed(2)} s  ${m.peakRssMb.toFixed(0)} MB`,
    );
  };

  for (let run = 0; run < runs; run++) {
    // Fresh data each run: the 5% change of the previous run must not carry over.
    const bytes = await makeDataset(DATA, spec);
    if (run === 0) console.log(`${(bytes / 2 ** 20).toFixed(0)} MiB generated`);
    // Alternate who goes first so neither always gets the warmer cache.
    const order: Tool[] = run % 2 === 0 ? ["restic", "lifeboat"] : ["lifeboat", "restic"];
    // Both tools start from copies of one empty repository made by `restic init`: the same key
    // (every command derives it first, and each tool's own init would size scrypt's p to the
    // machine's speed at that moment: 3 to 8 here) and the same chunker polynomial.
    const empty = path.join(WORK, "repo-empty");
    await fs.rm(empty, { recursive: true, force: true });
    await tools.restic(["init", "--repo", empty]);
    if (run === 0) console.log(`repositories made by restic init, key ${await kdfParams(empty)}`);
    for (const tool of order) {
      const repo = path.join(WORK, `repo-${tool}`);
      await fs.rm(repo, { recursive: true, force: true });
      await fs.cp(empty, repo, { recursive: true });
      await dropCaches();
      record("first backup", tool, await tools[tool](["backup", "--repo", repo, "--host", "bench", DATA]));
      sizes[tool] = await du(repo);
    }
    const changed = await changeFivePercent(DATA, spec, run);
    if (run === 0) console.log(`changed ${(changed / 2 ** 20).toFixed(1)} MiB for the incremental phase`);
    for (const tool of order) {
      const repo = path.join(WORK, `repo-${tool}`);
      await dropCaches();
      record("backup after 5%", tool, await tools[tool](["backup", "--repo", repo, "--host", "bench", DATA]));
    }
    for (const tool of order) {
      const repo = path.join(WORK, `repo-${tool}`);
      const target = path.join(WORK, `restore-${tool}`);
      await fs.rm(target, { recursive: true, force: true });
      await dropCaches();
      record(
        "full restore",
        tool,
        await tools[tool](["restore", "--repo", repo, "latest", "--target", target]),
      );
      await fs.rm(target, { recursive: true, force: true });
    }
  }

  // Both tools run back to back in each run, so the ratio within a run cancels most of the
  // machine's load at that moment; its median is the steadier figure on a shared machine.
  console.log(
    "\n| phase | restic (s) | Lifeboat (s) | ratio of medians | median per-run ratio | restic CPU (s) | Lifeboat CPU (s) | CPU ratio of medians | per-run CPU ratios | restic peak MB | Lifeboat peak MB |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const [phase, r] of Object.entries(results)) {
    const med = (tool: Tool, f: (m: Measured) => number) => median(r[tool].map(f));
    const rs = med("restic", (m) => m.seconds);
    const ls = med("lifeboat", (m) => m.seconds);
    const rc = med("restic", (m) => m.cpuSeconds);
    const lc = med("lifeboat", (m) => m.cpuSeconds);
    const paired = median(r.lifeboat.map((m, i) => m.seconds / r.restic[i].seconds));
    const cpuRatios = r.lifeboat.map((m, i) => (m.cpuSeconds / r.restic[i].cpuSeconds).toFixed(2));
    console.log(
      `| ${phase} | ${rs.toFixed(2)} | ${ls.toFixed(2)} | ${(ls / rs).toFixed(2)} | ${paired.toFixed(2)} | ${rc.toFixed(2)} | ${lc.toFixed(2)} | ${(lc / rc).toFixed(2)} | ${cpuRatios.join(", ")} | ${med("restic", (m) => m.peakRssMb).toFixed(0)} | ${med("lifeboat", (m) => m.peakRssMb).toFixed(0)} |`,
    );
  }
  const mb = (n: number) => (n / 2 ** 20).toFixed(1);
  console.log(
    `\nrepository after the first backup: restic ${mb(sizes.restic)} MiB, Lifeboat ${mb(sizes.lifeboat)} MiB (ratio ${(sizes.lifeboat / sizes.restic).toFixed(3)})`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
