// `lifeboat plan`: the offline planner's dry run. Plans without executing anything and without
// network access, printing one JSON line per request: {"id","toolCalls":[{"toolName","input"}],"text"}.
//   plan --cases FILE.jsonl            every case of an evaluation file (its first line is the inventory)
//   plan "TEXT" [--now ISO] [--tz ZONE] [--context FILE.jsonl]
// A single request is planned against the inventory of --context, else of Lifeboat's database
// when there is one, else an empty inventory.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Command } from "./types";

const usage =
  "Usage: npm run lifeboat -- plan --cases FILE.jsonl\n" +
  '       npm run lifeboat -- plan "TEXT" [--now ISO] [--tz ZONE] [--context FILE.jsonl]\n';

async function databaseInventory() {
  const { emptyInventory } = await import("@/lib/assistant/offline/types");
  const dataDir = process.env.LIFEBOAT_DATA_DIR ?? "./.lifeboat";
  // Without a database there is nothing to read, and opening one would create it.
  if (!process.env.DATABASE_URL && !existsSync(path.join(dataDir, "db"))) return emptyInventory;
  try {
    const { withCliContext } = await import("../context");
    const { loadInventory } = await import("@/lib/assistant/inventory");
    return await withCliContext((ctx) => loadInventory(ctx));
  } catch (error) {
    process.stderr.write(
      `lifeboat plan: no inventory from the database (${(error as Error).message}); planning against none\n`,
    );
    return emptyInventory;
  }
}

const plan: Command = {
  name: "plan",
  summary: "assistant dry run: plan requests with the offline planner, print JSON lines",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        cases: { type: "string" },
        context: { type: "string" },
        now: { type: "string" },
        tz: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      process.stdout.write(usage);
      return 0;
    }
    const { planCases, inventoryOf } = await import("@/lib/assistant/offline/cases");
    if (values.cases) {
      for (const r of planCases(readFileSync(values.cases, "utf8")))
        process.stdout.write(`${JSON.stringify(r)}\n`);
      return 0;
    }
    if (positionals.length === 0) {
      process.stderr.write(usage);
      return 2;
    }
    const now = values.now ? new Date(values.now) : new Date();
    if (Number.isNaN(now.getTime())) {
      process.stderr.write(`lifeboat plan: --now ${values.now} is not an ISO-8601 time\n`);
      return 2;
    }
    const tz = values.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
    } catch {
      process.stderr.write(`lifeboat plan: --tz ${tz} is not a time zone\n`);
      return 2;
    }
    const inventory = values.context
      ? inventoryOf(JSON.parse(readFileSync(values.context, "utf8").split("\n")[0]).context)
      : await databaseInventory();
    const { plan: planRequest } = await import("@/lib/assistant/offline/planner");
    const text = positionals.join(" ");
    const result = planRequest({ messages: [{ role: "user", text }], inventory, now, tz });
    process.stdout.write(`${JSON.stringify({ id: "1", ...result })}\n`);
    return 0;
  },
};

export default plan;
