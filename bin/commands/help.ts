import type { Command } from "./types";

const help: Command = {
  name: "help",
  summary: "list the commands",
  async run() {
    // Imported here, not at the top, because the registry imports this module.
    const { commands } = await import("./index");
    const width = Math.max(...commands.map((c) => c.name.length)) + 2;
    const lines = commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`);
    process.stdout.write(
      `Usage: npm run lifeboat -- <command> [flags]\n\nCommands:\n${lines.join("\n")}\n\n` +
        "Run a command with --help for its flags.\n",
    );
    return 0;
  },
};

export default help;
