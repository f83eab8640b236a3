// `lifeboat examples list|export|delete`: the assistant's learned examples (drafts a person
// corrected before approving), as lib/services/assistant-examples gives them to admins. `export`
// writes the chat fine-tuning JSONL to stdout, line by line as the database pages are read.
import { shortTime, formatTable as table } from "./config-output";
import { defineCommand } from "./define";

const examples = () => import("@/lib/services/assistant-examples");
type Rows = Awaited<ReturnType<Awaited<ReturnType<typeof examples>>["listExamples"]>>;

const list = defineCommand({
  name: "examples list",
  summary: "the assistant's learned examples (corrected drafts), newest first",
  usage: "[--json]",
  run: async ({ session }) => (await examples()).listExamples(session.ctx),
  print: (rows: Rows) =>
    rows.length
      ? table(
          ["ID", "ACTION", "WHEN", "BY", "REQUEST"],
          rows.map((e) => [e.id, e.toolName, shortTime(e.createdAt), e.userEmail ?? "-", e.request]),
        )
      : "No learned examples yet.",
});

const exportCommand = defineCommand({
  name: "examples export",
  summary: "the learned examples as JSONL in the chat fine-tuning format (to stdout)",
  usage: "> examples.jsonl",
  run: async ({ session }) => {
    for await (const line of await (await examples()).exportExamples(session.ctx)) {
      // Respect a slow pipe: wait for it to drain rather than buffering the whole export.
      if (!process.stdout.write(line)) await new Promise((resolve) => process.stdout.once("drain", resolve));
    }
    return 0;
  },
});

const remove = defineCommand({
  name: "examples delete",
  summary: "delete a learned example (the planner stops using it)",
  usage: "ID [--json]\n  ID is the whole id `examples list` prints, or 8 or more of its leading characters.",
  positionals: { min: 1, max: 1, error: "name one example by its ID" },
  input: (_values, positionals) => positionals[0] as string,
  run: async ({ input, session }) => (await examples()).deleteExample(session.ctx, input),
  print: (deleted: { id: string; toolName: string }) => `deleted example ${deleted.id} (${deleted.toolName})`,
});

export const exampleCommands = [list, exportCommand, remove];
