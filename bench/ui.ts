// `npm run bench:ui`: how fast the restore side of the dashboard answers at scale. For each
// database (embedded PGlite, then the local PostgreSQL server) it seeds 100,000 restore points and
// 5,000,000 catalog rows, plus two real restore points of a repository made by the engine (two
// snapshots of 50,000 files with a folder of 20,000 entries), and times, over --requests (≥ 50)
// requests each, through the service functions and through HTTP (a production server, `next
// start`): the restore-points list (first page, a deep page), a restore point's first folder, the
// large folder's first page, a catalog search by name part and "what changed" between the two
// snapshots. The first request of each (cold: nothing cached yet) is shown apart from the
// percentiles. The last line is `worst p95 <N> ms` (PostgreSQL, the target being < 100 ms).
//
// Flags: --quick (smaller sizes, for a check), --db=pglite|postgres (one only), --port=3398,
// --requests=50, --database-url=postgres://…/<a database it may drop>, --service-only (no
// HTTP). Needs a production build (`npm run build`; built when missing).
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { runOne } from "./ui-run";

const flag = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const ROOT = path.resolve(import.meta.dirname, "..");

export interface Figure {
  db: string;
  via: "service" | "http";
  what: string;
  cold: number;
  p50: number;
  p95: number;
  n: number;
}

async function main() {
  const child = flag("child", "");
  if (child) {
    // One database per process: the database handle and the settings are per process.
    const figures = await runOne(child as "pglite" | "postgres", {
      quick: process.argv.includes("--quick"),
      port: Number(flag("port", "3398")),
      requests: Math.max(50, Number(flag("requests", "50"))),
      databaseUrl: flag("database-url", "") || undefined,
      serviceOnly: process.argv.includes("--service-only"),
    });
    console.log(`FIGURES ${JSON.stringify(figures)}`);
    return;
  }
  const kinds = flag("db", "") ? [flag("db", "")] : ["pglite", "postgres"];
  const figures: Figure[] = [];
  const load: string[] = [];
  for (const kind of kinds) {
    const args = [
      "tsx",
      "bench/ui.ts",
      `--child=${kind}`,
      ...process.argv.slice(2).filter((a) => !a.startsWith("--db=")),
    ];
    const out = await new Promise<string>((resolve, reject) => {
      const p = spawn("npx", args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
      let text = "";
      p.stdout.on("data", (d) => {
        text += d;
      });
      p.on("exit", (code) =>
        code === 0 ? resolve(text) : reject(new Error(`${kind} run failed (${code})`)),
      );
    });
    const line = out.split("\n").find((l) => l.startsWith("FIGURES "));
    if (!line) throw new Error(`${kind} run printed no figures`);
    figures.push(...(JSON.parse(line.slice(8)) as Figure[]));
    load.push(
      `${kind}: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
  }
  console.log(
    `\n${"database".padEnd(9)} ${"via".padEnd(8)} ${"request".padEnd(34)} ${"cold".padStart(8)} ${"p50".padStart(8)} ${"p95".padStart(8)}   n`,
  );
  for (const f of figures) {
    console.log(
      `${f.db.padEnd(9)} ${f.via.padEnd(8)} ${f.what.padEnd(34)} ${ms(f.cold)} ${ms(f.p50)} ${ms(f.p95)}   ${f.n}`,
    );
  }
  console.log(`load average after each run (${os.cpus().length} cores, shared): ${load.join("; ")}`);
  const target = figures.filter((f) => f.db === "postgres");
  const worst = Math.max(...(target.length ? target : figures).map((f) => f.p95));
  console.log(`worst p95 ${Math.round(worst)} ms`);
  process.exitCode = worst < 100 ? 0 : 1;
}

const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(8);

await main();
