// `lifeboat webhook add|list|remove`: where job failures (and, when asked, successes) are posted
// as JSON. Thin callers of lib/services/webhooks.ts, audited as source "cli".
import { defineCommand } from "./define";

const services = () => import("@/lib/services/webhooks");

/** Shows where a webhook points without the path and query, which often carry a token. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname === "/" && !u.search ? u.origin : `${u.origin}/…`;
  } catch {
    return url;
  }
}

const add = defineCommand({
  name: "webhook add",
  summary: "post job failures (and with --on-success, successes) as JSON to a URL",
  usage: "URL [--on-success] [--json]",
  options: { "on-success": { type: "boolean" } },
  positionals: { min: 1, max: 1, error: "give one URL" },
  run: async ({ positionals: [url], values, session }) =>
    (await services()).addWebhook(session.ctx, {
      url: url as string,
      onSuccess: Boolean(values["on-success"]),
    }),
  print: (hook) => `added webhook ${hook.id} (${hook.onSuccess ? "failures and successes" : "failures"})`,
});

const list = defineCommand({
  name: "webhook list",
  summary: "list the webhooks",
  usage: "[--json]",
  run: async ({ session }) => (await services()).listWebhooks(session.ctx),
  print: (hooks) =>
    hooks.length === 0
      ? "no webhooks"
      : hooks
          .map((h) => {
            const events = h.onSuccess ? "failures+successes" : "failures";
            return `${h.id}  ${h.enabled ? "enabled " : "disabled"}  ${events.padEnd(18)}  ${shown(h.url)}`;
          })
          .join("\n"),
});

const remove = defineCommand({
  name: "webhook remove",
  summary: "remove a webhook",
  usage: "ID",
  positionals: { min: 1, max: 1, error: "give one webhook ID" },
  run: async ({ positionals: [id], session }) => {
    await (await services()).removeWebhook(session.ctx, { id: id as string });
    process.stdout.write(`removed webhook ${id}\n`);
    return 0;
  },
});

export const webhookCommands = [add, list, remove];
