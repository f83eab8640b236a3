// What every service command repeats, said once: parse the flags (with --json and --help added),
// print the usage for --help, check the positionals, refuse bad flags with one line and exit 1,
// open the CLI's context on the database, call the service, and print the result as JSON with
// --json or as the command's own text otherwise. A command is then its flags, its call and its
// text; `run` may return a number instead of data when it wrote its own output (an exit code).
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { CliSession } from "../context";
import { printJson, printUsage, usageError } from "./config-output";
import type { Command } from "./types";

type Options = NonNullable<ParseArgsConfig["options"]>;
const standard = { json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O & typeof standard; allowPositionals: true; args: string[] }>
>;
export type Values<O extends Options> = Parsed<O>["values"];

/** A flag or argument the user got wrong: its message becomes the one-line usage error. */
export class FlagError extends Error {
  override name = "FlagError";
}

export interface CommandSpec<O extends Options, I, R> {
  /** "group sub", as typed after `npm run lifeboat --`. */
  name: string;
  summary: string;
  /** What follows the command's name in its usage line, then any lines explaining flags. */
  usage: string;
  options?: O;
  /** How many positionals it takes, and the error when the count is wrong ("name one asset"). */
  positionals?: { min: number; max: number; error: string };
  /** Turns flags into the service's input before the database is opened; throw FlagError. */
  input?(values: Values<O>, positionals: string[]): I | Promise<I>;
  /** Runs on the CLI's session (the local administrator's context). */
  run(args: { input: I; values: Values<O>; positionals: string[]; session: CliSession }): Promise<R | number>;
  /** The text for people; without it the result is printed as JSON either way. */
  print?(result: R, values: Values<O>): string;
}

export function defineCommand<O extends Options = Record<never, never>, I = undefined, R = unknown>(
  spec: CommandSpec<O, I, R>,
): Command {
  const usage = `Usage: npm run lifeboat -- ${spec.name} ${spec.usage}${spec.usage.endsWith("\n") ? "" : "\n"}`;
  return {
    name: spec.name,
    summary: spec.summary,
    async run(argv) {
      const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { ...(spec.options ?? ({} as O)), ...standard },
      }) as Parsed<O>;
      const flags = values as { json?: boolean; help?: boolean };
      if (flags.help) return printUsage(usage);
      const range = spec.positionals ?? { min: 0, max: 0, error: "this command takes no arguments" };
      if (positionals.length < range.min || positionals.length > range.max) {
        return usageError(spec.name, range.error);
      }
      let input: I;
      try {
        input = (await spec.input?.(values, positionals)) as I;
      } catch (error) {
        if (error instanceof FlagError) return usageError(spec.name, error.message);
        throw error;
      }
      const { withCliSession } = await import("../context");
      const result = await withCliSession((session) => spec.run({ input, values, positionals, session }));
      if (typeof result === "number") return result;
      if (flags.json || !spec.print) printJson(result);
      else process.stdout.write(withNewline(spec.print(result, values)));
      return 0;
    },
  };
}

function withNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}
