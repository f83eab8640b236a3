// `lifeboat init`: create a repository (restic's format, version 2).
import { parseArgs } from "node:util";
import type { Command } from "../types";
import {
  backendFor,
  printUsage,
  REPO_OPTIONS,
  readPassword,
  repoUrl,
  runCommand,
  UsageError,
} from "./repo-flags";

const USAGE = `Usage: lifeboat init --repo R [--copy-chunker-params --from-repo R2 [--from-password-file F]]

Creates a repository in restic's format (version 2; --repository-version 1 for the old one).
--copy-chunker-params takes R2's chunker polynomial so backups to both deduplicate alike
(R2's password: LIFEBOAT_FROM_PASSWORD, --from-password-file, or the repository password).`;

async function run(argv: string[]): Promise<number> {
  return runCommand("init", async () => {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...REPO_OPTIONS,
        "copy-chunker-params": { type: "boolean", default: false },
        "from-repo": { type: "string" },
        "from-password-file": { type: "string" },
        "repository-version": { type: "string", default: "2" },
      },
    });
    if (values.help) return printUsage(USAGE);
    const { Repository } = await import("@/lib/engine");
    let chunkerPolynomial: bigint | undefined;
    if (values["copy-chunker-params"]) {
      if (!values["from-repo"]) throw new UsageError("--copy-chunker-params needs --from-repo");
      const source = await Repository.open(
        await backendFor(values["from-repo"]),
        process.env.LIFEBOAT_FROM_PASSWORD ??
          (await readPassword(values["from-password-file"] ?? values["password-file"])),
      );
      chunkerPolynomial = source.config.chunkerPolynomial;
    }
    const version = values["repository-version"] === "1" ? 1 : 2;
    const url = repoUrl(values.repo);
    const repo = await Repository.init(await backendFor(url), await readPassword(values["password-file"]), {
      version,
      chunkerPolynomial,
    });
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ message_type: "initialized", id: repo.config.id, repository: url })}\n`,
      );
    } else {
      process.stdout.write(`created restic repository ${repo.config.id.slice(0, 10)} at ${url}\n\n`);
      process.stdout.write(
        "Please note that knowledge of your password is required to access\nthe repository. Losing your password means that your data is\nirrecoverably lost.\n",
      );
    }
    return 0;
  });
}

const init: Command = { name: "init", summary: "create a repository in restic's format (--repo R)", run };
export default init;
