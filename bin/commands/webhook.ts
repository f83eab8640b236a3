// `lifeboat webhook add|list|remove`: where job failures (and, when asked, successes) are posted
// as JSON. Thin callers of lib/services/webhooks.ts, audited as source "cli".
import { parseArgs } from "node:util";
import type { Command } from "./types";

const addUsage = "Usage: npm run lifeboat -- webhook add URL [--on-success] [--json]\n";
const listUsage = "Usage: npm run lifeboat -- webhook list [--json]\n";
const removeUsage = "Usage: npm run lifeboat -- webhook remove ID\n";

async function services() {
  const { withCliContext } = await import("../context");
  const webhooks = await import("@/lib/services/webhooks");
  return { withCliContext, ...webhooks };
}

/** Shows where a webhook points without the path and query, which often carry a token. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname === "/" && !u.search ? u.origin : `${u.origin}/…`;
  } catch {
    return url;
  }
}

const add: Command = {
  name: "webhook add",
  summary: "post job failures (and with --on-success, successes) as JSON to a URL",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "on-success": { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help || positionals.length !== 1) {
      process.stderr.write(addUsage);
      return values.help ? 0 : 2;
    }
    const { withCliContext, addWebhook } = await services();
    const hook = await withCliContext((ctx) =>
      addWebhook(ctx, { url: positionals[0], onSuccess: Boolean(values["on-success"]) }),
    );
    if (values.json) process.stdout.write(`${JSON.stringify(hook)}\n`);
    else
      process.stdout.write(
        `added webhook ${hook.id} (${hook.onSuccess ? "failures and successes" : "failures"})\n`,
      );
    return 0;
  },
};

const list: Command = {
  name: "webhook list",
  summary: "list the webhooks",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      process.stdout.write(listUsage);
      return 0;
    }
    const { withCliContext, listWebhooks } = await services();
    const hooks = await withCliContext((ctx) => listWebhooks(ctx));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(hooks)}\n`);
      return 0;
    }
    if (hooks.length === 0) process.stdout.write("no webhooks\n");
    for (const h of hooks) {
      const events = h.onSuccess ? "failures+successes" : "failures";
      process.stdout.write(
        `${h.id}  ${h.enabled ? "enabled " : "disabled"}  ${events.padEnd(18)}  ${shown(h.url)}\n`,
      );
    }
    return 0;
  },
};

const remove: Command = {
  name: "webhook remove",
  summary: "remove a webhook",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { help: { type: "boolean", short: "h" } },
    });
    if (values.help || positionals.length !== 1) {
      process.stderr.write(removeUsage);
      return values.help ? 0 : 2;
    }
    const { withCliContext, removeWebhook } = await services();
    await withCliContext((ctx) => removeWebhook(ctx, { id: positionals[0] }));
    process.stdout.write(`removed webhook ${positionals[0]}\n`);
    return 0;
  },
};

export const webhookCommands: Command[] = [add, list, remove];
