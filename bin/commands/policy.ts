// `lifeboat policy create|update|list|show|enable|disable|delete`: thin callers of
// lib/services/policies. (`policy run` lives in policy-run.ts.)
import { parseArgs } from "node:util";
import { printJson, printTable, printUsage, shortTime, usageError } from "./config-output";
import { FlagError, policyFlagOptions, policyFlagsUsage, policyInputFromFlags } from "./policy-flags";
import type { Command } from "./types";

type Summary = Awaited<ReturnType<typeof import("@/lib/services/policies").getPolicy>>;

function retentionText(r: Summary["retention"]): string {
  const parts = [
    r.keepLast && `last ${r.keepLast}`,
    r.hourly && `${r.hourly} hourly`,
    r.daily && `${r.daily} daily`,
    r.weekly && `${r.weekly} weekly`,
    r.monthly && `${r.monthly} monthly`,
    r.yearly && `${r.yearly} yearly`,
    r.withinDays && `within ${r.withinDays}d`,
  ];
  return parts.filter(Boolean).join(", ");
}

function describePolicy(p: Summary): string {
  return [
    `policy ${p.name} (${p.enabled ? "enabled" : "disabled"})`,
    `  assets:     ${p.assets.map((a) => a.name).join(", ")}`,
    `  schedule:   ${p.schedule} (${p.timezone}), next run ${shortTime(p.nextRunAt)}`,
    `  retention:  ${retentionText(p.retention)}`,
    `  repository: ${p.repository.name}`,
    `  window:     ${p.windowStart ? `${p.windowStart}-${p.windowEnd}` : "any time"}`,
    `  rpo:        ${p.rpoHours ? `${p.rpoHours} h` : "-"}`,
    `  drills:     ${p.drillSchedule ? `${p.drillSchedule}, next ${shortTime(p.nextDrillAt)}` : "off"}`,
  ].join("\n");
}

async function services() {
  const { withCliContext } = await import("../context");
  const policies = await import("@/lib/services/policies");
  return { withCliContext, ...policies };
}

/** create and update: the same flags; create needs a name, assets and a schedule. */
function withFlags(verb: "create" | "update"): Command {
  const head =
    verb === "create"
      ? "Usage: npm run lifeboat -- policy create --name N --assets A[,B…] --schedule CRON [flags]\n"
      : "Usage: npm run lifeboat -- policy update NAME [--name NEW] [flags] (only the flags given change)\n";
  return {
    name: `policy ${verb}`,
    summary:
      verb === "create" ? "create a backup policy (schedule, retention, repository)" : "change a policy",
    async run(argv) {
      const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: verb === "update",
        options: policyFlagOptions,
      });
      if (values.help)
        return printUsage(`${head}${policyFlagsUsage}  --disabled            create it disabled\n`);
      let input: Record<string, unknown>;
      try {
        input = policyInputFromFlags(values);
      } catch (error) {
        if (error instanceof FlagError) return usageError(`policy ${verb}`, error.message);
        throw error;
      }
      const s = await services();
      let policy: Summary;
      if (verb === "create") {
        if (!values.name || !input.assets || !values.schedule) {
          return usageError("policy create", "--name, --assets and --schedule are required");
        }
        input.retention ??= {}; // the service explains that a retention needs a rule
        if (values.disabled) input.enabled = false;
        policy = await s.withCliContext((ctx) => s.createPolicy(ctx, input as never));
      } else {
        const [ref] = positionals;
        if (!ref || positionals.length > 1) return usageError("policy update", "name one policy");
        policy = await s.withCliContext((ctx) => s.updatePolicy(ctx, { ...input, policy: ref } as never));
      }
      if (values.json) printJson(policy);
      else process.stdout.write(`${verb === "create" ? "created" : "updated"} ${describePolicy(policy)}\n`);
      return 0;
    },
  };
}

const list: Command = {
  name: "policy list",
  summary: "list policies with their next run",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) return printUsage("Usage: npm run lifeboat -- policy list [--json]\n");
    const s = await services();
    const policies = await s.withCliContext((ctx) => s.listPolicies(ctx));
    if (values.json) printJson(policies);
    else if (policies.length === 0)
      process.stdout.write("no policies yet: create one with `policy create`\n");
    else {
      printTable(
        ["NAME", "ENABLED", "SCHEDULE", "ZONE", "NEXT RUN", "REPOSITORY", "RETENTION", "ASSETS"],
        policies.map((p) => [
          p.name,
          p.enabled ? "yes" : "no",
          p.schedule,
          p.timezone,
          shortTime(p.nextRunAt),
          p.repository.name,
          retentionText(p.retention),
          p.assets.map((a) => a.name).join(","),
        ]),
      );
    }
    return 0;
  },
};

/** show, enable, disable, delete: one policy by name. */
function byName(verb: "show" | "enable" | "disable" | "delete", summary: string): Command {
  return {
    name: `policy ${verb}`,
    summary,
    async run(argv) {
      const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      });
      if (values.help) return printUsage(`Usage: npm run lifeboat -- policy ${verb} NAME [--json]\n`);
      const [ref] = positionals;
      if (!ref || positionals.length > 1) return usageError(`policy ${verb}`, "name one policy");
      const s = await services();
      if (verb === "delete") {
        const gone = await s.withCliContext((ctx) => s.deletePolicy(ctx, ref));
        if (values.json) printJson(gone);
        else process.stdout.write(`deleted policy ${gone.name} (its restore points stay)\n`);
        return 0;
      }
      const policy = await s.withCliContext((ctx) =>
        verb === "show"
          ? s.getPolicy(ctx, ref)
          : s.setPolicyEnabled(ctx, { policy: ref, enabled: verb === "enable" }),
      );
      if (values.json) printJson(policy);
      else process.stdout.write(`${verb === "show" ? "" : `${verb}d `}${describePolicy(policy)}\n`);
      return 0;
    },
  };
}

export const policyCommands: Command[] = [
  withFlags("create"),
  withFlags("update"),
  list,
  byName("show", "show one policy"),
  byName("enable", "resume a policy's schedule"),
  byName("disable", "pause a policy's schedule (no runs, no catch-up later)"),
  byName("delete", "delete a policy (its restore points stay)"),
];
