#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node --max-semi-space-size=2
// `npm run lifeboat`: runs the CLI (bin/lifeboat.ts) compiled by esbuild, rebuilding it first
// when a source is newer than the build (see build-cli.mjs). If it cannot be built here (no
// esbuild installed, or a source does not compile) it runs through tsx as before, so the user
// sees the same behaviour and the same error messages either way.
// --max-semi-space-size=2 (here and in package.json's script): the main thread's young
// generation otherwise grows to 2 × 16 MiB during a backup, holding a few MiB of live objects;
// capped, a first backup peaks 15-25 MB lower in the same time (worker threads set their own
// limit, see lib/engine/worker-file.ts).
// GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (same two places): glibc asks for transparent huge pages
// for the memory it maps, as Go's runtime does for restic's heap. scrypt's 32 MiB and the
// backup's and restore's buffers otherwise fault in 4 KiB at a time; on the 2-core VMs this was
// measured on a fault costs ~14 µs, and an incremental backup took ~50,000 of them (restic
// ~13,000). Ignored where glibc is older than 2.35, or not glibc, or huge pages are off.
import { buildCli, freshBuild, registerUse } from "./build-cli.mjs";
import { startKeyDerivation } from "./early-key.mjs";

startKeyDerivation();
const fresh = freshBuild();

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
