#!/usr/bin/env -S node --max-semi-space-size=2
// `npm run lifeboat`: runs the CLI (bin/lifeboat.ts) compiled by esbuild, rebuilding it first
// when a source is newer than the build (see build-cli.mjs). If it cannot be built here (no
// esbuild installed, or a source does not compile) it runs through tsx as before, so the user
// sees the same behaviour and the same error messages either way.
// --max-semi-space-size=2 (here and in package.json's script): the main thread's young
// generation otherwise grows to 2 × 16 MiB during a backup, holding a few MiB of live objects;
// capped, a first backup peaks 15-25 MB lower in the same time (worker threads set their own
// limit, see lib/engine/worker-file.ts).
import path from "node:path";
import { buildCli, freshBuild, registerUse } from "./build-cli.mjs";
import { startKeyDerivation } from "./early-key.mjs";

const fresh = freshBuild();
// The engine's scrypt (lanes on threads) from the build; without a fresh build, Node's.
startKeyDerivation(
  process.argv.slice(2),
  process.env,
  fresh ? async () => (await import(path.join(path.dirname(fresh), "scrypt.mjs"))).scrypt : undefined,
);

async function compiledEntry() {
  if (fresh) return fresh;
  try {
    return await buildCli();
  } catch {
    return null;
  }
}

const entry = await compiledEntry();
if (entry) {
  registerUse(entry);
  await import(entry);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./lifeboat.ts");
}
