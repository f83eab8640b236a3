// `lifeboat asset add|list|remove|excludes`: thin callers of lib/services/assets. A directory must
// exist and be readable, a database must accept a connection: the service refuses with the reason.
import path from "node:path";
import { formatTable, shortTime } from "./config-output";
import { defineCommand, FlagError } from "./define";

const services = () => import("@/lib/services/assets");
const string = { type: "string" } as const;
const oneAsset = { min: 1, max: 1, error: "name one asset" };

type AddInput = Parameters<Awaited<ReturnType<typeof services>>["addAsset"]>[1];
type AssetRows = Awaited<ReturnType<Awaited<ReturnType<typeof services>>["listAssets"]>>;

const add = defineCommand({
  name: "asset add",
  summary: "protect a directory or a PostgreSQL database (checked before it is stored)",
  usage:
    "--kind directory --name N --path P [--exclude PATTERN]... [--host H] [--json]\n" +
    "       npm run lifeboat -- asset add --kind postgres --name N --database URL [--host H] [--json]\n" +
    "  --exclude takes .gitignore-style patterns, relative to the folder\n" +
    "  --host names the machine that can reach the asset (its worker runs the jobs)\n",
  options: {
    kind: string,
    name: string,
    path: string,
    exclude: { type: "string", multiple: true },
    database: string,
    host: string,
  },
  input: (values): AddInput => {
    if (!values.name) throw new FlagError("--name is required");
    if (values.kind === "directory") {
      if (!values.path) throw new FlagError("a directory asset needs --path");
      // Relative to where the command was typed; stored absolute.
      const folder = path.resolve(values.path);
      return {
        kind: "directory",
        name: values.name,
        path: folder,
        excludes: values.exclude ?? [],
        host: values.host,
      };
    }
    if (values.kind === "postgres") {
      if (!values.database) throw new FlagError("a postgres asset needs --database URL");
      return { kind: "postgres", name: values.name, databaseUrl: values.database, host: values.host };
    }
    throw new FlagError("--kind must be directory or postgres");
  },
  run: async ({ input, session }) => (await services()).addAsset(session.ctx, input),
  print: (asset) => `added ${asset.kind} asset ${asset.name}: ${asset.path ?? asset.databaseName}`,
});

const list = defineCommand({
  name: "asset list",
  summary: "list assets with their policies, newest and newest verified restore point",
  usage: "[--json]",
  run: async ({ session }) => (await services()).listAssets(session.ctx),
  print: (assets: AssetRows) =>
    assets.length === 0
      ? "no assets yet: add one with `asset add`"
      : formatTable(
          ["NAME", "KIND", "HOST", "POLICIES", "NEWEST", "VERIFIED", "WHAT"],
          assets.map((a) => [
            a.name,
            a.kind,
            a.host ?? "any",
            a.policies.map((p) => p.name).join(",") || "-",
            shortTime(a.newestRestorePointAt),
            shortTime(a.newestVerifiedAt),
            a.path ?? a.databaseName ?? "",
          ]),
        ),
});

const remove = defineCommand({
  name: "asset remove",
  summary: "stop protecting an asset (its data stays in the repository)",
  usage: "NAME [--json]",
  positionals: oneAsset,
  run: async ({ positionals: [ref], session }) => (await services()).removeAsset(session.ctx, ref as string),
  print: (asset) => `removed asset ${asset.name}`,
});

const excludes = defineCommand({
  name: "asset excludes",
  summary: "replace a directory asset's exclude patterns",
  usage: "NAME [--exclude PATTERN]... (none: clear them) [--json]",
  options: { exclude: { type: "string", multiple: true } },
  positionals: oneAsset,
  run: async ({ positionals: [ref], values, session }) =>
    (await services()).updateAsset(session.ctx, { asset: ref as string, excludes: values.exclude ?? [] }),
  print: (asset) => `${asset.name} excludes: ${asset.excludes.join(" ") || "(nothing)"}`,
});

export const assetCommands = [add, list, remove, excludes];
