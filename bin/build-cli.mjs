// Compiles the CLI and the backup's worker (which file-pool.ts starts by file name) to plain
// JavaScript with esbuild, so `npm run lifeboat` does not pay tsx's start-up (~0.3-0.5 s and
// ~35 MB in every thread). Output goes to a git-ignored cache with a manifest of the sources it
// was built from; bin/lifeboat.mjs rebuilds when any of them is newer. Plain JavaScript: this
// file runs before anything can compile TypeScript.
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const CACHE = path.join(ROOT, "node_modules", ".cache", "lifeboat-cli");
const MANIFEST = path.join(CACHE, "build.json");
/** Build settings that are not source files but change the output. */
const CONFIG_INPUTS = ["tsconfig.json", "package.json", "bin/build-cli.mjs"];

/** The entry file of the current build, or null when there is none or a source changed since. */
export function freshBuild() {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, "utf8"));
    for (const input of manifest.inputs) {
      if (fs.statSync(path.join(ROOT, input)).mtimeMs > manifest.startedAt) return null;
    }
  } catch {
    return null;
  }
  return path.join(CACHE, manifest.dir, "lifeboat.mjs");
}

/**
 * Builds into a new folder and then points the manifest at it with one rename, so processes
 * building at the same time, or already running from an older build, never see a half-written one.
 */
export async function buildCli() {
  const { build } = await import("esbuild");
  // Sources edited while the build runs must count as newer than it: take the time first.
  const startedAt = Date.now();
  const dir = `build-${startedAt}-${process.pid}`;
  const outdir = path.join(CACHE, dir);
  const result = await build({
    absWorkingDir: ROOT,
    // The pools start workers from "./file-worker.mjs" and "./write-worker.mjs" next to
    // themselves: keep those names (all output lands in one folder).
    entryPoints: {
      // The launcher imports runCli from it (bin/lifeboat.mjs).
      lifeboat: "bin/cli.ts",
      "file-worker": "lib/engine/backup/file-worker.ts",
      "write-worker": "lib/engine/restore/write-worker.ts",
      // The launcher derives the key with it before loading the CLI (early-key.mjs).
      scrypt: "lib/engine/scrypt/parallel.ts",
    },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outExtension: { ".js": ".mjs" },
    tsconfig: path.join(ROOT, "tsconfig.json"),
    metafile: true,
    logLevel: "silent",
  });
  const inputs = [...Object.keys(result.metafile.inputs), ...CONFIG_INPUTS];
  const tmp = `${MANIFEST}.${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify({ dir, startedAt, inputs }));
  fs.renameSync(tmp, MANIFEST);
  removeOldBuilds(dir);
  return path.join(outdir, "lifeboat.mjs");
}

/**
 * Records that this process runs from the build holding `entry`: processes load worker files
 * from it long after starting (a `lifeboat worker` daemon, for days), so a build is removed only
 * once no process that registered in it is alive.
 */
export function registerUse(entry) {
  const marker = path.join(path.dirname(entry), `.pid-${process.pid}`);
  try {
    fs.writeFileSync(marker, "");
    process.on("exit", () => fs.rmSync(marker, { force: true }));
  } catch {
    // a read-only cache: the build is then never removed by removeOldBuilds
  }
}

function inUse(dir) {
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(".pid-")) continue;
    try {
      process.kill(Number(name.slice(5)), 0);
      return true;
    } catch (err) {
      if (err.code === "EPERM") return true; // alive, another user's
    }
  }
  return false;
}

/** Removes builds older than an hour that no live process runs from. */
function removeOldBuilds(keep) {
  const hourAgo = Date.now() - 3600 * 1000;
  for (const name of fs.readdirSync(CACHE)) {
    if (!name.startsWith("build-") || name === keep) continue;
    const full = path.join(CACHE, name);
    try {
      if (fs.statSync(full).mtimeMs < hourAgo && !inUse(full))
        fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // removed by another process meanwhile
    }
  }
}
