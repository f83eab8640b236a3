// What every CLI command module exports. Keep modules light at the top: import heavy things
// (database, services, engine) inside run(), so `lifeboat <other command>` does not load them.
export interface Command {
  /** One word, or "group sub" for a sub-command such as "user create". */
  name: string;
  summary: string;
  /** argv after the command name; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}
