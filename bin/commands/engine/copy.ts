// `lifeboat copy --from-repo R2 [--from-password-file F] [SNAPSHOT...]`: restic's copy into --repo.
import { parseArgs } from "node:util";
import type { Command } from "../types";
import { backendFor, openRepository, REPO_OPTIONS, readPassword, runCommand, UsageError } from "./repo-flags";

async function run(argv: string[]): Promise<number> {
  return runCommand("copy", async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...REPO_OPTIONS, "from-repo": { type: "string" }, "from-password-file": { type: "string" } },
    });
    const fromUrl = values["from-repo"] ?? process.env.RESTIC_FROM_REPOSITORY;
    if (!fromUrl) throw new UsageError("copy needs --from-repo (the repository to copy from)");
    const { Repository, copySnapshots } = await import("@/lib/engine");
    const fromPassword = values["from-password-file"]
      ? await readPassword(values["from-password-file"])
      : (process.env.LIFEBOAT_FROM_PASSWORD ??
        process.env.RESTIC_FROM_PASSWORD ??
        (await readPassword(undefined)));
    const source = await Repository.open(await backendFor(fromUrl), fromPassword);
    const target = await openRepository(values);
    const out = (line: string) => process.stdout.write(`${line}\n`);
    if (source.config.chunkerPolynomial !== target.config.chunkerPolynomial) {
      out(
        "warning: the source and the target repository use different chunker parameters; data will not deduplicate with later backups to the target (use init --copy-chunker-params)",
      );
    }
    const result = await copySnapshots(source, target, positionals, { log: values.json ? undefined : out });
    if (values.json) out(JSON.stringify(result));
    return 0;
  });
}

const copy: Command = {
  name: "copy",
  summary: "copy snapshots from --from-repo into --repo (only missing blobs move)",
  run,
};
export default copy;
