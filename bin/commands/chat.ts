// `lifeboat chat`: the assistant in a terminal, through the same chat turn, tools and approval
// gate as the dashboard. It acts for one user of the database (--user EMAIL, default the first
// administrator) and asks for each drafted action at the prompt (y/N), showing the card as text.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import type { Command } from "./types";

const usage =
  "Usage: npm run lifeboat -- chat [--user EMAIL] [--tz ZONE]\nType a request; an empty line or Ctrl-D ends.\n";

const chat: Command = {
  name: "chat",
  summary: "the assistant in a terminal; drafted actions are approved at the prompt (y/N)",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { user: { type: "string" }, tz: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      process.stdout.write(usage);
      return 0;
    }
    const { openDb } = await import("@/db/client");
    const { env } = await import("@/lib/env");
    const { runTerminalChat } = await import("./chat-session");
    const config = env();
    const handle = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.LIFEBOAT_DATA_DIR });
    const rl = createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: process.stdin.isTTY,
    });
    try {
      return await runTerminalChat({
        db: handle.db,
        settings: config,
        userEmail: values.user,
        timeZone: values.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
        ask: async (prompt) => {
          try {
            return await rl.question(prompt);
          } catch {
            return null; // Ctrl-D: the input ended
          }
        },
        write: (text) => process.stdout.write(text),
      });
    } finally {
      rl.close();
      await handle.close();
    }
  },
};

export default chat;
