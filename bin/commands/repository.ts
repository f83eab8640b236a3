// `lifeboat repository add|list|test|remove|default`: thin callers of lib/services/repositories.
// The password comes from --password-file, LIFEBOAT_PASSWORD or RESTIC_PASSWORD (never a flag:
// shell history); S3 keys from flags or the usual AWS_* variables.
import { readFile } from "node:fs/promises";
import { formatTable, humanBytes, shortTime } from "./config-output";
import { defineCommand, FlagError } from "./define";

const services = () => import("@/lib/services/repositories");
const string = { type: "string" } as const;
const flag = { type: "boolean" } as const;
const oneRepository = { min: 1, max: 1, error: "name one repository" };

type Repos = Awaited<ReturnType<Awaited<ReturnType<typeof services>>["listRepositories"]>>;

const addUsage =
  "--name N --url URL [--password-file F] [--init] [--default]\n" +
  "         [--s3-access-key-id ID] [--s3-secret-access-key KEY] [--s3-region R] [--json]\n" +
  "  URL is a folder or s3:http(s)://host[:port]/bucket[/prefix] (default: RESTIC_REPOSITORY)\n" +
  "  The password comes from --password-file, LIFEBOAT_PASSWORD or RESTIC_PASSWORD.\n" +
  "  S3 keys default to AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_DEFAULT_REGION.\n" +
  "  --init creates a new repository there; without it an existing one is opened.\n";

async function repositoryPassword(file: string | undefined): Promise<string | undefined> {
  if (file) return (await readFile(file, "utf8")).replace(/\r?\n$/, "");
  return process.env.LIFEBOAT_PASSWORD || process.env.RESTIC_PASSWORD || undefined;
}

const add = defineCommand({
  name: "repository add",
  summary: "add a repository (a folder or an S3 bucket); --init creates it",
  usage: addUsage,
  options: {
    name: string,
    url: string,
    "password-file": string,
    init: flag,
    default: flag,
    "s3-access-key-id": string,
    "s3-secret-access-key": string,
    "s3-region": string,
  },
  input: async (values) => {
    const url = values.url ?? process.env.RESTIC_REPOSITORY;
    if (!values.name || !url) throw new FlagError("--name and --url are required");
    const password = await repositoryPassword(values["password-file"]);
    if (!password) throw new FlagError("no password: pass --password-file F or set LIFEBOAT_PASSWORD");
    let credentials: { accessKeyId: string; secretAccessKey: string; region?: string } | undefined;
    if (url.startsWith("s3:")) {
      const accessKeyId = values["s3-access-key-id"] ?? process.env.AWS_ACCESS_KEY_ID;
      const secretAccessKey = values["s3-secret-access-key"] ?? process.env.AWS_SECRET_ACCESS_KEY;
      const region = values["s3-region"] ?? process.env.AWS_DEFAULT_REGION ?? process.env.AWS_REGION;
      if (!accessKeyId || !secretAccessKey) {
        throw new FlagError(
          "an S3 repository needs --s3-access-key-id and --s3-secret-access-key (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
        );
      }
      credentials = { accessKeyId, secretAccessKey, ...(region ? { region } : {}) };
    }
    const isDefault = values.default ? { isDefault: true } : {};
    return { name: values.name, url, password, credentials, init: Boolean(values.init), ...isDefault };
  },
  run: async ({ input, session }) => (await services()).addRepository(session.ctx, input),
  print: (repo, values) =>
    `${values.init ? "created" : "added"} repository ${repo.name} at ${repo.url}${repo.isDefault ? " (default)" : ""}`,
});

const list = defineCommand({
  name: "repository list",
  summary: "list repositories (never their passwords or keys)",
  usage: "[--json]",
  run: async ({ session }) => (await services()).listRepositories(session.ctx),
  print: (repos: Repos) =>
    repos.length === 0
      ? "no repositories yet: add one with `repository add`"
      : formatTable(
          ["NAME", "DEFAULT", "SIZE", "CHECKED", "PRUNED", "URL"],
          repos.map((r) => [
            r.name,
            r.isDefault ? "yes" : "",
            humanBytes(r.sizeBytes),
            shortTime(r.lastCheckedAt),
            shortTime(r.lastPrunedAt),
            r.url,
          ]),
        ),
});

const test = defineCommand({
  name: "repository test",
  summary: "open a repository with its stored password and keys",
  usage: "NAME [--json]",
  positionals: oneRepository,
  run: async ({ positionals: [ref], values, session }) => {
    const result = await (await services()).testRepositoryAccess(session.ctx, ref as string);
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.ok)
      process.stdout.write(`${result.name} opens (${result.snapshots} snapshots) at ${result.url}\n`);
    else process.stderr.write(`lifeboat: ${result.error ?? "the repository does not open"}\n`);
    return result.ok ? 0 : 1;
  },
});

const remove = defineCommand({
  name: "repository remove",
  summary: "forget a repository no policy uses (its data stays)",
  usage: "NAME [--json]",
  positionals: oneRepository,
  run: async ({ positionals: [ref], session }) =>
    (await services()).removeRepository(session.ctx, ref as string),
  print: (repo) => `removed repository ${repo.name} (the data at ${repo.url} is untouched)`,
});

const setDefault = defineCommand({
  name: "repository default",
  summary: "make a repository the default for new policies",
  usage: "NAME [--json]",
  positionals: oneRepository,
  run: async ({ positionals: [ref], session }) =>
    (await services()).setDefaultRepository(session.ctx, ref as string),
  print: (repo) => `${repo.name} is now the default repository`,
});

export const repositoryCommands = [add, list, test, remove, setDefault];
