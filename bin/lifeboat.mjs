// Started by bin/lifeboat (`npm run lifeboat`), which sets Node's flags and environment: runs
// the CLI (bin/cli.ts's runCli) compiled by esbuild, rebuilding it first when a source is newer than
// the build (see build-cli.mjs). If it cannot be built here (no esbuild installed, or a source
// does not compile) it runs through tsx as before, so the user sees the same behaviour and the
// same error messages either way.
import path from "node:path";
import { buildCli, freshBuild, registerUse } from "./build-cli.mjs";
import { startKeyDerivation } from "./early-key.mjs";

const fresh = freshBuild();
// The engine's scrypt (lanes on threads) from the build; without a fresh build, Node's.
const earlyKeys = startKeyDerivation(
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
let cli;
if (entry) {
  registerUse(entry);
  cli = await import(entry);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import("./cli.ts");
}
await cli.runCli(process.argv.slice(2), { earlyKeys });
