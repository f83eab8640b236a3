// `lifeboat user create --email E --role R`: a user (the first admin, typically) without a
// browser. The password comes from --password-file or stdin, never from a flag (shell history).
import { readFile } from "node:fs/promises";
import { defineCommand, FlagError } from "./define";

const userCreate = defineCommand({
  name: "user create",
  summary: "create a user (the first admin without a browser); password from stdin or a file",
  usage:
    "--email E --role viewer|operator|admin [--name N] [--password-file F] [--json]\n" +
    "The password is read from --password-file, or from stdin when it is not given.\n",
  options: {
    email: { type: "string" },
    role: { type: "string" },
    name: { type: "string" },
    "password-file": { type: "string" },
  },
  input: async (values) => {
    if (!values.email || !values.role) throw new FlagError("--email and --role are required");
    const password = values["password-file"]
      ? await readFile(values["password-file"], "utf8")
      : await readStdin();
    return {
      email: values.email,
      role: values.role as "viewer",
      name: values.name,
      password: password.replace(/\r?\n$/, ""),
    };
  },
  run: async ({ input, session }) => (await import("@/lib/services/users")).createUser(session.ctx, input),
  print: (user) => `created ${user.role} ${user.email} (${user.id})`,
});

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password: ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export default userCreate;
