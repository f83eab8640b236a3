// The CLI dispatcher: finds the command (one word, or "group sub") in the registry and runs it.
// Errors from lib/services print their message, not a stack trace. bin/lifeboat.mjs (the
// launcher) and bin/lifeboat.ts (tsx) both call runCli; the launcher passes the key derivation
// it started from the command line (bin/early-key.mjs) as an explicit option.
import type { EarlyKey } from "@/lib/engine";
import type { Command } from "./commands/types";

/**
 * The commands a run may need. Repository commands need only the engine: loading the whole
 * registry also loaded the services, the database client and their packages, ~0.1 s of every
 * `prune` or `snapshots` before any work. Everything else gets the full registry, which lists
 * the same engine commands (so a two-word command there must not start with an engine
 * command's name: it would be shadowed here).
 */
async function loadCommands(argv: string[]): Promise<{ commands: Command[]; engine: boolean }> {
  const { engineCommands } = await import("./commands/engine/index");
  const names = [argv.slice(0, 2).join(" "), argv[0]];
  if (engineCommands.some((c) => names.includes(c.name))) return { commands: engineCommands, engine: true };
  return { commands: (await import("./commands/index")).commands, engine: false };
}

function findCommand(commands: Command[], argv: string[]): { command: Command; rest: string[] } | null {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(" ");
    const command = commands.find((c) => c.name === name);
    if (command) return { command, rest: argv.slice(words) };
  }
  return null;
}

/**
 * Whether the process exits as soon as the command's output is written. An engine command
 * returns only once everything it started is finished (files closed, lock removed, workers
 * stopped); letting Node wind down on its own freed the main thread's heap page by page first,
 * ~10 ms of every command on the VMs measured (strace of a backup: lock removed -> process gone,
 * 31 -> 20-27 ms). Other commands may leave work behind them (a logger's flush, a server's sockets).
 */
let exitWhenDone = false;

/**
 * process.exit() once stdout and stderr have passed on everything written to them: a pipe takes
 * 64 KiB at a time, and exiting earlier cut off what a slow reader had not read yet.
 */
function exitAfterOutput(code: number): void {
  let open = 2;
  const flushed = () => {
    if (--open === 0) process.exit(code);
  };
  process.stdout.write("", flushed);
  process.stderr.write("", flushed);
}

async function main(argv: string[], earlyKeys: EarlyKey[]): Promise<number> {
  const wantsHelp = argv.length === 0 || argv[0] === "--help" || argv[0] === "-h";
  const args = wantsHelp ? ["help"] : argv;
  const { commands, engine } = await loadCommands(args);
  exitWhenDone = engine;
  if (engine && earlyKeys.length) (await import("./commands/engine/repo-flags")).setEarlyKeys(earlyKeys);
  const found = findCommand(commands, args);
  if (!found) {
    const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `)).map((c) => c.name);
    const hint = group.length ? `; try: ${group.join(", ")}` : "; run `npm run lifeboat -- help`";
    process.stderr.write(`lifeboat: unknown command "${argv.slice(0, 2).join(" ")}"${hint}\n`);
    return 2;
  }
  return found.command.run(found.rest);
}

export interface CliOptions {
  /** Key derivations the launcher started before loading the CLI (bin/early-key.mjs). */
  earlyKeys?: EarlyKey[];
}

/** Runs one command line; sets process.exitCode (and exits early after engine commands). */
export function runCli(argv: string[], options: CliOptions = {}): Promise<void> {
  // `npm run` starts scripts in the project folder; paths on the command line are relative to
  // where the user typed them, which npm passes as INIT_CWD.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  // `lifeboat ls … | head` closes the pipe early; that is the reader's choice, not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });

  return main(argv, options.earlyKeys ?? []).then(
    (code) => {
      process.exitCode = code;
      if (exitWhenDone) exitAfterOutput(code);
    },
    (error: unknown) => {
      const err = error as {
        name?: string;
        code?: string;
        message?: string;
        issues?: { path: unknown[]; message: string }[];
      };
      if (err?.name === "ZodError" && err.issues) {
        for (const issue of err.issues)
          process.stderr.write(`lifeboat: ${issue.path.join(".")}: ${issue.message}\n`);
      } else if (
        err?.name === "AppError" ||
        err?.name === "EnvError" ||
        err?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
      ) {
        process.stderr.write(`lifeboat: ${err.message}\n`);
      } else {
        process.stderr.write(`lifeboat: ${err?.message ?? String(error)}\n`);
        if (process.env.LIFEBOAT_DEBUG) console.error(error);
      }
      process.exitCode = 1;
    },
  );
}
