// `lifeboat policy create|update|list|show|enable|disable|delete`: thin callers of
// lib/services/policies. (`policy run` lives in point.ts, with the other job commands.)
import { retentionInWords } from "@/lib/policy-words";
import { formatTable, shortTime } from "./config-output";
import { defineCommand, FlagError } from "./define";
import { policyFlagOptions, policyFlagsUsage, policyInputFromFlags } from "./policy-flags";

type Summary = Awaited<ReturnType<typeof import("@/lib/services/policies").getPolicy>>;

function describePolicy(p: Summary): string {
  return [
    `policy ${p.name} (${p.enabled ? "enabled" : "disabled"})`,
    `  assets:     ${p.assets.map((a) => a.name).join(", ")}`,
    `  schedule:   ${p.schedule} (${p.timezone}), next run ${shortTime(p.nextRunAt)}`,
    `  retention:  ${retentionInWords(p.retention)}`,
    `  repository: ${p.repository.name}`,
    `  window:     ${p.windowStart ? `${p.windowStart}-${p.windowEnd}` : "any time"}`,
    `  rpo:        ${p.rpoHours ? `${p.rpoHours} h` : "-"}`,
    `  drills:     ${p.drillSchedule ? `${p.drillSchedule}, next ${shortTime(p.nextDrillAt)}` : "off"}`,
  ].join("\n");
}

const services = () => import("@/lib/services/policies");
const onePolicy = { min: 1, max: 1, error: "name one policy" };
const flagsUsage = `${policyFlagsUsage}  --disabled            create it disabled\n`;

const create = defineCommand({
  name: "policy create",
  summary: "create a backup policy (schedule, retention, repository)",
  usage: `--name N --assets A[,B…] --schedule CRON [flags]\n${flagsUsage}`,
  options: policyFlagOptions,
  input: (values) => {
    const input: Record<string, unknown> = policyInputFromFlags(values);
    if (!values.name || !input.assets || !values.schedule) {
      throw new FlagError("--name, --assets and --schedule are required");
    }
    input.retention ??= {}; // the service explains that a retention needs a rule
    if (values.disabled) input.enabled = false;
    return input;
  },
  run: async ({ input, session }) => (await services()).createPolicy(session.ctx, input as never),
  print: (policy: Summary) => `created ${describePolicy(policy)}`,
});

const update = defineCommand({
  name: "policy update",
  summary: "change a policy",
  usage: `NAME [--name NEW] [flags] (only the flags given change)\n${flagsUsage}`,
  options: policyFlagOptions,
  positionals: onePolicy,
  input: (values, [ref]) => ({ ...policyInputFromFlags(values), policy: ref as string }),
  run: async ({ input, session }) => (await services()).updatePolicy(session.ctx, input as never),
  print: (policy: Summary) => `updated ${describePolicy(policy)}`,
});

const list = defineCommand({
  name: "policy list",
  summary: "list policies with their next run",
  usage: "[--json]",
  run: async ({ session }) => (await services()).listPolicies(session.ctx),
  print: (policies) =>
    policies.length === 0
      ? "no policies yet: create one with `policy create`"
      : formatTable(
          ["NAME", "ENABLED", "SCHEDULE", "ZONE", "NEXT RUN", "REPOSITORY", "RETENTION", "ASSETS"],
          policies.map((p) => [
            p.name,
            p.enabled ? "yes" : "no",
            p.schedule,
            p.timezone,
            shortTime(p.nextRunAt),
            p.repository.name,
            retentionInWords(p.retention),
            p.assets.map((a) => a.name).join(","),
          ]),
        ),
});

/** show, enable, disable: one policy by name, printed whole. */
function byName(verb: "show" | "enable" | "disable", summary: string) {
  return defineCommand({
    name: `policy ${verb}`,
    summary,
    usage: "NAME [--json]",
    positionals: onePolicy,
    run: async ({ positionals: [ref], session }) => {
      const s = await services();
      if (verb === "show") return s.getPolicy(session.ctx, ref as string);
      return s.setPolicyEnabled(session.ctx, { policy: ref as string, enabled: verb === "enable" });
    },
    print: (policy: Summary) => `${verb === "show" ? "" : `${verb}d `}${describePolicy(policy)}`,
  });
}

const remove = defineCommand({
  name: "policy delete",
  summary: "delete a policy (its restore points stay)",
  usage: "NAME [--json]",
  positionals: onePolicy,
  run: async ({ positionals: [ref], session }) => (await services()).deletePolicy(session.ctx, ref as string),
  print: (gone) => `deleted policy ${gone.name} (its restore points stay)`,
});

export const policyCommands = [
  create,
  update,
  list,
  byName("show", "show one policy"),
  byName("enable", "resume a policy's schedule"),
  byName("disable", "pause a policy's schedule (no runs, no catch-up later)"),
  remove,
];
