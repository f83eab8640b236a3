// `lifeboat policy suggest --asset A [constraints]`: the advisor's recommendation for an asset,
// from its measured history. Exits 1 naming the failing constraint and its shortfall when no plan
// meets the constraints. Written on the plain Command shape (defineCommand from issue 17 is not
// in main yet); parseSuggestFlags and formatSuggestion are the pieces a defineCommand spec needs.
import { parseArgs } from "node:util";
import { retentionInWords } from "@/lib/policy-words";
import { printJson, printUsage, usageError } from "./config-output";
import type { Command } from "./types";

type Suggestion = Awaited<ReturnType<typeof import("@/lib/services/advisor").suggestPolicy>>;

const USAGE = `Usage: npm run lifeboat -- policy suggest --asset A [flags]
  --asset A               the asset (name or id)
  --rpo-hours N           longest time between two backups
  --keep-days N           the oldest restore point kept must be this old (default 30)
  --budget-gb N           storage after 365 days must stay within N GB
  --window HH:MM-HH:MM    backups start and finish inside this daily window
  --prefer P              cheaper | balanced | safer (default balanced)
  --json                  the whole recommendation as JSON
`;

const options = {
  asset: { type: "string" },
  "rpo-hours": { type: "string" },
  "keep-days": { type: "string" },
  "budget-gb": { type: "string" },
  window: { type: "string" },
  prefer: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

class FlagProblem extends Error {}

function positive(values: Record<string, unknown>, flag: string): number | undefined {
  const text = values[flag];
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new FlagProblem(`--${flag} must be a positive number`);
  return n;
}

export function parseSuggestFlags(values: Record<string, unknown>) {
  if (typeof values.asset !== "string" || !values.asset) throw new FlagProblem("--asset is required");
  const prefer = values.prefer ?? "balanced";
  if (!["cheaper", "balanced", "safer"].includes(String(prefer)))
    throw new FlagProblem("--prefer must be cheaper, balanced or safer");
  const keepDays = positive(values, "keep-days");
  if (keepDays !== undefined && !Number.isInteger(keepDays))
    throw new FlagProblem("--keep-days must be whole days");
  return {
    asset: values.asset,
    rpoHours: positive(values, "rpo-hours"),
    keepDays,
    budgetGb: positive(values, "budget-gb"),
    window: values.window as string | undefined,
    preference: prefer as "cheaper" | "balanced" | "safer",
  };
}

const gb = (b: number) => `${(b / 1e9).toFixed(b < 1e10 ? 2 : 1)} GB`;
const money = (m: number) => m.toFixed(2);

export function formatSuggestion(s: Suggestion): string {
  const lines = [`policy suggestion for ${s.asset.name}`, `  weights:      ${s.weights.meaning}`];
  lines.push(`  history:      ${s.assumptions.join("; ")}`);
  lines.push(
    `  measured:     ${gb(s.facts.storedBytes)} stored, ${gb(s.facts.changePerHour * 24)}/day change (peak ${gb(s.facts.peakChangePerHour * 24)}/day), ${(s.facts.throughputPerSecond / 1e6).toFixed(1)} MB/s, ${Math.round(s.facts.overheadSeconds)} s per run`,
  );
  if (!s.feasible) {
    lines.push("  no schedule and retention meets the constraints:");
    for (const f of s.failures) lines.push(`    - ${f.message}`);
    return lines.join("\n");
  }
  const p = s.plan;
  lines.push(
    `  schedule:     ${p.cron}  (${p.scheduleText})`,
    `  retention:    ${retentionInWords(p.retention)} (oldest point ${p.reachDays.toFixed(0)} days)`,
    `  storage:      ${gb(p.storage.days30)} after 30 days, ${gb(p.storage.days90)} after 90, ${gb(p.storage.days365)} after 365`,
    `  data loss:    expected ${gb(p.expectedLossBytes)}, worst case ${gb(p.worstLossBytes)} (${p.maxGapHours} h between backups)`,
    `  cost:         ${money(p.cost)}/month (storage ${money(p.storageCostPerMonth)}, run time ${money(p.runCostPerMonth)}); longest run ${Math.ceil(p.longestRunSeconds / 60)} min`,
    `  J = αC + βR:  ${s.weights.alpha} × ${money(p.cost)} + ${s.weights.beta} × ${p.risk.toFixed(2)} GB = ${p.objective.toFixed(2)}`,
    `  binding:      ${s.bindingText}`,
  );
  if (s.alternatives.length) {
    lines.push("  alternatives:");
    for (const a of s.alternatives)
      lines.push(
        `    - ${a.cron.padEnd(16)} ${a.scheduleText}; ${retentionInWords(a.retention)}: ${money(a.cost)}/month, expected loss ${gb(a.expectedLossBytes)}, worst ${gb(a.worstLossBytes)}, J ${a.objective.toFixed(2)}`,
      );
  }
  return lines.join("\n");
}

const suggest: Command = {
  name: "policy suggest",
  summary: "recommend a schedule and retention for an asset from its measured history",
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
    if (values.help) return printUsage(USAGE);
    if (positionals.length) return usageError("policy suggest", "this command takes no arguments");
    let input: ReturnType<typeof parseSuggestFlags>;
    try {
      input = parseSuggestFlags(values);
    } catch (error) {
      if (error instanceof FlagProblem) return usageError("policy suggest", error.message);
      throw error;
    }
    const { withCliContext } = await import("../context");
    const { suggestPolicy } = await import("@/lib/services/advisor");
    const result = await withCliContext((ctx) => suggestPolicy(ctx, input));
    if (values.json) printJson(result);
    else process.stdout.write(`${formatSuggestion(result)}\n`);
    if (!result.feasible) {
      process.stderr.write(
        `lifeboat: no feasible policy: ${result.failures.map((f) => f.message).join("; ")}\n`,
      );
      return 1;
    }
    return 0;
  },
};

export default suggest;
