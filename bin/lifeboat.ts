// `tsx bin/lifeboat.ts …`: the CLI from source (tests, and the launcher's fallback when it cannot
// build). `npm run lifeboat` starts bin/lifeboat.mjs instead, which calls the same runCli.
import { runCli } from "./cli";

await runCli(process.argv.slice(2));
