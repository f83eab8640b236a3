// `lifeboat repository add|list|test|remove|default`: thin callers of lib/services/repositories.
// The password comes from --password-file, LIFEBOAT_PASSWORD or RESTIC_PASSWORD (never a flag:
// shell history); S3 keys from flags or the usual AWS_* variables.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { humanBytes, printJson, printTable, printUsage, shortTime, usageError } from "./config-output";
import type { Command } from "./types";

const addUsage =
  "Usage: npm run lifeboat -- repository add --name N --url URL [--password-file F] [--init] [--default]\n" +
  "         [--s3-access-key-id ID] [--s3-secret-access-key KEY] [--s3-region R] [--json]\n" +
  "  URL is a folder or s3:http(s)://host[:port]/bucket[/prefix] (default: RESTIC_REPOSITORY)\n" +
  "  The password comes from --password-file, LIFEBOAT_PASSWORD or RESTIC_PASSWORD.\n" +
  "  S3 keys default to AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_DEFAULT_REGION.\n" +
  "  --init creates a new repository there; without it an existing one is opened.\n";

async function repositoryPassword(file: string | undefined): Promise<string | undefined> {
  if (file) return (await readFile(file, "utf8")).replace(/\r?\n$/, "");
  return process.env.LIFEBOAT_PASSWORD || process.env.RESTIC_PASSWORD || undefined;
}

const add: Command = {
  name: "repository add",
  summary: "add a repository (a folder or an S3 bucket); --init creates it",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        name: { type: "string" },
        url: { type: "string" },
        "password-file": { type: "string" },
        init: { type: "boolean" },
        default: { type: "boolean" },
        "s3-access-key-id": { type: "string" },
        "s3-secret-access-key": { type: "string" },
        "s3-region": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) return printUsage(addUsage);
    const url = values.url ?? process.env.RESTIC_REPOSITORY;
    if (!values.name || !url) return usageError("repository add", "--name and --url are required");
    const password = await repositoryPassword(values["password-file"]);
    if (!password) {
      return usageError("repository add", "no password: pass --password-file F or set LIFEBOAT_PASSWORD");
    }
    let credentials: { accessKeyId: string; secretAccessKey: string; region?: string } | undefined;
    if (url.startsWith("s3:")) {
      const accessKeyId = values["s3-access-key-id"] ?? process.env.AWS_ACCESS_KEY_ID;
      const secretAccessKey = values["s3-secret-access-key"] ?? process.env.AWS_SECRET_ACCESS_KEY;
      const region = values["s3-region"] ?? process.env.AWS_DEFAULT_REGION ?? process.env.AWS_REGION;
      if (!accessKeyId || !secretAccessKey) {
        return usageError(
          "repository add",
          "an S3 repository needs --s3-access-key-id and --s3-secret-access-key (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
        );
      }
      credentials = { accessKeyId, secretAccessKey, ...(region ? { region } : {}) };
    }
    const { withCliContext } = await import("../context");
    const { addRepository } = await import("@/lib/services/repositories");
    const repo = await withCliContext((ctx) =>
      addRepository(ctx, {
        name: values.name as string,
        url,
        password,
        credentials,
        init: Boolean(values.init),
        ...(values.default ? { isDefault: true } : {}),
      }),
    );
    if (values.json) printJson(repo);
    else {
      const how = values.init ? "created" : "added";
      process.stdout.write(
        `${how} repository ${repo.name} at ${repo.url}${repo.isDefault ? " (default)" : ""}\n`,
      );
    }
    return 0;
  },
};

const list: Command = {
  name: "repository list",
  summary: "list repositories (never their passwords or keys)",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) return printUsage("Usage: npm run lifeboat -- repository list [--json]\n");
    const { withCliContext } = await import("../context");
    const { listRepositories } = await import("@/lib/services/repositories");
    const repos = await withCliContext((ctx) => listRepositories(ctx));
    if (values.json) printJson(repos);
    else if (repos.length === 0) process.stdout.write("no repositories yet: add one with `repository add`\n");
    else {
      printTable(
        ["NAME", "DEFAULT", "SIZE", "CHECKED", "PRUNED", "URL"],
        repos.map((r) => [
          r.name,
          r.isDefault ? "yes" : "",
          humanBytes(r.sizeBytes),
          shortTime(r.lastCheckedAt),
          shortTime(r.lastPrunedAt),
          r.url,
        ]),
      );
    }
    return 0;
  },
};

/** `repository test|remove|default NAME`: one repository by name, one service call. */
function byName(
  verb: "test" | "remove" | "default",
  summary: string,
  act: (ref: string) => Promise<{ line: string; json: unknown; code: number }>,
): Command {
  return {
    name: `repository ${verb}`,
    summary,
    async run(argv) {
      const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      });
      if (values.help) return printUsage(`Usage: npm run lifeboat -- repository ${verb} NAME [--json]\n`);
      const [ref] = positionals;
      if (!ref || positionals.length > 1) return usageError(`repository ${verb}`, "name one repository");
      const { line, json, code } = await act(ref);
      if (values.json) printJson(json);
      else if (code === 0) process.stdout.write(`${line}\n`);
      else process.stderr.write(`lifeboat: ${line}\n`);
      return code;
    },
  };
}

async function services() {
  const { withCliContext } = await import("../context");
  const repositories = await import("@/lib/services/repositories");
  return { withCliContext, ...repositories };
}

const test = byName("test", "open a repository with its stored password and keys", async (ref) => {
  const s = await services();
  const result = await s.withCliContext((ctx) => s.testRepositoryAccess(ctx, ref));
  const line = result.ok
    ? `${result.name} opens (${result.snapshots} snapshots) at ${result.url}`
    : (result.error ?? "the repository does not open");
  return { line, json: result, code: result.ok ? 0 : 1 };
});

const remove = byName("remove", "forget a repository no policy uses (its data stays)", async (ref) => {
  const s = await services();
  const repo = await s.withCliContext((ctx) => s.removeRepository(ctx, ref));
  return {
    line: `removed repository ${repo.name} (the data at ${repo.url} is untouched)`,
    json: repo,
    code: 0,
  };
});

const setDefault = byName("default", "make a repository the default for new policies", async (ref) => {
  const s = await services();
  const repo = await s.withCliContext((ctx) => s.setDefaultRepository(ctx, ref));
  return { line: `${repo.name} is now the default repository`, json: repo, code: 0 };
});

export const repositoryCommands: Command[] = [add, list, test, remove, setDefault];
