// Compiles the CLI (and the backup's worker, which it loads by file name) to plain JavaScript
// once, as a deployment would, so the benchmark measures the engine rather than tsx compiling
// and hooking every module at start-up (~0.5 s and ~35 MB per thread). Same sources, same code
// path as `npm run lifeboat`; `npm run bench -- --tsx` measures through tsx instead.
import fs from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";

export async function buildCli(root: string, outdir: string): Promise<string> {
  await fs.rm(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    // file-pool.ts starts workers from "./file-worker.mjs" next to itself: keep that name.
    entryPoints: { lifeboat: "bin/lifeboat.ts", "file-worker": "lib/engine/backup/file-worker.ts" },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outExtension: { ".js": ".mjs" },
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "warning",
  });
  return path.join(outdir, "lifeboat.mjs");
}
