// `lifeboat asset add|list|remove|excludes`: thin callers of lib/services/assets. A directory must
// exist and be readable, a database must accept a connection: the service refuses with the reason.
import path from "node:path";
import { parseArgs } from "node:util";
import { printJson, printTable, printUsage, shortTime, usageError } from "./config-output";
import type { Command } from "./types";

const addUsage =
  "Usage: npm run lifeboat -- asset add --kind directory --name N --path P [--exclude PATTERN]... [--host H] [--json]\n" +
  "       npm run lifeboat -- asset add --kind postgres --name N --database URL [--host H] [--json]\n" +
  "  --exclude takes .gitignore-style patterns, relative to the folder\n" +
  "  --host names the machine that can reach the asset (its worker runs the jobs)\n";

const add: Command = {
  name: "asset add",
  summary: "protect a directory or a PostgreSQL database (checked before it is stored)",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        kind: { type: "string" },
        name: { type: "string" },
        path: { type: "string" },
        exclude: { type: "string", multiple: true },
        database: { type: "string" },
        host: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) return printUsage(addUsage);
    if (!values.name) return usageError("asset add", "--name is required");
    let input: Parameters<typeof import("@/lib/services/assets").addAsset>[1];
    if (values.kind === "directory") {
      if (!values.path) return usageError("asset add", "a directory asset needs --path");
      // Relative to where the command was typed; stored absolute.
      input = {
        kind: "directory",
        name: values.name,
        path: path.resolve(values.path),
        excludes: values.exclude ?? [],
        host: values.host,
      };
    } else if (values.kind === "postgres") {
      if (!values.database) return usageError("asset add", "a postgres asset needs --database URL");
      input = { kind: "postgres", name: values.name, databaseUrl: values.database, host: values.host };
    } else {
      return usageError("asset add", "--kind must be directory or postgres");
    }
    const { withCliContext } = await import("../context");
    const { addAsset } = await import("@/lib/services/assets");
    const asset = await withCliContext((ctx) => addAsset(ctx, input));
    if (values.json) printJson(asset);
    else
      process.stdout.write(`added ${asset.kind} asset ${asset.name}: ${asset.path ?? asset.databaseName}\n`);
    return 0;
  },
};

const list: Command = {
  name: "asset list",
  summary: "list assets with their policies, newest and newest verified restore point",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) return printUsage("Usage: npm run lifeboat -- asset list [--json]\n");
    const { withCliContext } = await import("../context");
    const { listAssets } = await import("@/lib/services/assets");
    const assets = await withCliContext((ctx) => listAssets(ctx));
    if (values.json) printJson(assets);
    else if (assets.length === 0) process.stdout.write("no assets yet: add one with `asset add`\n");
    else {
      printTable(
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
      );
    }
    return 0;
  },
};

const remove: Command = {
  name: "asset remove",
  summary: "stop protecting an asset (its data stays in the repository)",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) return printUsage("Usage: npm run lifeboat -- asset remove NAME [--json]\n");
    const [ref] = positionals;
    if (!ref || positionals.length > 1) return usageError("asset remove", "name one asset");
    const { withCliContext } = await import("../context");
    const { removeAsset } = await import("@/lib/services/assets");
    const asset = await withCliContext((ctx) => removeAsset(ctx, ref));
    if (values.json) printJson(asset);
    else process.stdout.write(`removed asset ${asset.name}\n`);
    return 0;
  },
};

const excludes: Command = {
  name: "asset excludes",
  summary: "replace a directory asset's exclude patterns",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        exclude: { type: "string", multiple: true },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    const usage =
      "Usage: npm run lifeboat -- asset excludes NAME [--exclude PATTERN]... (none: clear them)\n";
    if (values.help) return printUsage(usage);
    const [ref] = positionals;
    if (!ref || positionals.length > 1) return usageError("asset excludes", "name one asset");
    const { withCliContext } = await import("../context");
    const { updateAsset } = await import("@/lib/services/assets");
    const asset = await withCliContext((ctx) =>
      updateAsset(ctx, { asset: ref, excludes: values.exclude ?? [] }),
    );
    if (values.json) printJson(asset);
    else process.stdout.write(`${asset.name} excludes: ${asset.excludes.join(" ") || "(nothing)"}\n`);
    return 0;
  },
};

export const assetCommands: Command[] = [add, list, remove, excludes];
