// `lifeboat key list|add|passwd|remove`: restic's key command on --repo.
import fs from "node:fs/promises";
import { parseArgs } from "node:util";
import type { Command } from "../types";
import { openRepository, REPO_OPTIONS, runCommand, UsageError } from "./repo-flags";

async function newPassword(file: string | undefined): Promise<string> {
  if (file) return (await fs.readFile(file, "utf8")).replace(/\r?\n$/, "");
  const fromEnv = process.env.LIFEBOAT_NEW_PASSWORD;
  if (fromEnv === undefined)
    throw new UsageError("no new password: use --new-password-file or set LIFEBOAT_NEW_PASSWORD");
  return fromEnv;
}

async function run(argv: string[]): Promise<number> {
  return runCommand("key", async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...REPO_OPTIONS,
        "new-password-file": { type: "string" },
        user: { type: "string" },
        host: { type: "string" },
      },
    });
    const [action, id] = positionals;
    const keys = await import("@/lib/engine");
    const out = (line: string) => process.stdout.write(`${line}\n`);
    const who = { username: values.user, hostname: values.host };
    switch (action) {
      case "list": {
        const list = await keys.listKeys(await openRepository(values));
        if (values.json)
          out(
            JSON.stringify(
              list.map((k) => ({
                current: k.current,
                id: k.id.slice(0, 8),
                userName: k.username,
                hostName: k.hostname,
                created: k.created.slice(0, 19).replace("T", " "),
              })),
            ),
          );
        else printKeyTable(list, out);
        return 0;
      }
      case "add": {
        const password = await newPassword(values["new-password-file"]);
        out(`saved new key as ${await keys.addKey(await openRepository(values), password, who)}`);
        return 0;
      }
      case "passwd": {
        const password = await newPassword(values["new-password-file"]);
        const { added, removed } = await keys.changePassword(await openRepository(values), password, who);
        out(`saved new key as ${added}\nremoved old key ${removed}`);
        return 0;
      }
      case "remove": {
        if (!id) throw new UsageError("key remove needs the ID of the key to remove");
        out(`removed key ${await keys.removeKey(await openRepository(values), id)}`);
        return 0;
      }
      default:
        throw new UsageError("usage: key list|add|passwd|remove [ID] [--new-password-file F]");
    }
  });
}

function printKeyTable(list: import("@/lib/engine").KeyInfo[], out: (line: string) => void): void {
  const rows = list.map((k) => [
    `${k.current ? "*" : " "}${k.id.slice(0, 8)}`,
    k.username,
    k.hostname,
    k.created.slice(0, 19).replace("T", " "),
  ]);
  const header = [" ID", "User", "Host", "Created"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const rule = "-".repeat(widths.reduce((a, b) => a + b + 2, 0));
  out(line(header));
  out(rule);
  for (const r of rows) out(line(r));
  out(rule);
}

const key: Command = {
  name: "key",
  summary: "list, add, change (passwd) or remove repository passwords of --repo",
  run,
};
export default key;
