// `lifeboat user create --email E --role R`: a user (the first admin, typically) without a
// browser. The password comes from --password-file or stdin, never from a flag (shell history).
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { Command } from "./types";

const usage =
  "Usage: npm run lifeboat -- user create --email E --role viewer|operator|admin [--name N] [--password-file F]\n" +
  "The password is read from --password-file, or from stdin when it is not given.\n";

const userCreate: Command = {
  name: "user create",
  summary: "create a user (the first admin without a browser); password from stdin or a file",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        email: { type: "string" },
        role: { type: "string" },
        name: { type: "string" },
        "password-file": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help || !values.email || !values.role) {
      process.stderr.write(usage);
      return values.help ? 0 : 2;
    }
    const password = values["password-file"]
      ? await readFile(values["password-file"], "utf8")
      : await readStdin();
    const { withCliContext } = await import("../context");
    const { createUser } = await import("@/lib/services/users");
    const user = await withCliContext((ctx) =>
      createUser(ctx, {
        email: values.email as string,
        role: values.role as "viewer",
        name: values.name,
        password: password.replace(/\r?\n$/, ""),
      }),
    );
    process.stdout.write(`created ${user.role} ${user.email} (${user.id})\n`);
    return 0;
  },
};

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password: ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export default userCreate;
