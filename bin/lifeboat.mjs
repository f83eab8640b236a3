#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1 node --max-semi-space-size=2
// `npm run lifeboat`: runs the CLI (bin/lifeboat.ts) compiled by esbuild, rebuilding it first
// when a source is newer than the build (see build-cli.mjs). If it cannot be built here (no
// esbuild installed, or a source does not compile) it runs through tsx as before, so the user
// sees the same behaviour and the same error messages either way.
// --max-semi-space-size=2 (here and in package.json's script): the main thread's young
// generation otherwise grows to 2 × 16 MiB during a backup, holding a few MiB of live objects;
// capped, a first backup peaks 15-25 MB lower in the same time (worker threads set their own
// limit, see lib/engine/worker-file.ts).
// GLIBC_TUNABLES (same two places), for glibc's malloc, which holds Buffers and OpenSSL's and
// zstd's memory. On the 2-core VMs this was measured on a page fault costs ~14 µs, and fresh
// pages were a large part of the CLI's time (an incremental backup took ~50,000 faults, restic
// ~13,000). hugetlb=1: transparent huge pages for what malloc maps, as Go's runtime does for
// restic's heap (scrypt's 32 MiB alone was 8,000 faults). arena_max=1: one arena for every
// thread, so memory a worker frees is reused rather than trimmed and faulted in again (faults
// of a first backup 58,000 -> 21,000, of an incremental 38,000 -> 21,000, same peak). Ignored
// where glibc is older than 2.35 or absent; without it the CLI works the same, slower.
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
