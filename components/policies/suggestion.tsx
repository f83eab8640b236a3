"use client";
// The advisor's answer in the policy form: the chosen plan in words (the choice and what it means,
// the binding constraint, projected storage, expected and worst-case loss) and a cost-versus-risk
// chart of every feasible candidate with the chosen one marked; or, when nothing fits, which
// constraint fails and by how much.
import { AlertTriangle, Lightbulb } from "lucide-react";
import {
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatBytes } from "@/components/ui/format";
import type { PolicySuggestion } from "@/lib/services/advisor";

const money = (n: number) => n.toFixed(n < 1 ? 3 : 2);
const gb = (n: number) => `${n.toFixed(n < 1 ? 3 : 2)} GB`;

function CostRiskChart({
  frontier,
}: {
  frontier: Extract<PolicySuggestion, { feasible: true }>["frontier"];
}) {
  const others = frontier.filter((p) => !p.chosen);
  const chosen = frontier.filter((p) => p.chosen);
  return (
    <figure aria-label="Cost versus risk of the candidate plans" className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 12, bottom: 24, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis
            type="number"
            dataKey="risk"
            name="Risk"
            unit=" GB"
            tickFormatter={(v: number) => v.toPrecision(2)}
            label={{ value: "risk: GB at risk", position: "insideBottom", offset: -14, fontSize: 12 }}
            fontSize={12}
          />
          <YAxis
            type="number"
            dataKey="cost"
            name="Cost"
            tickFormatter={(v: number) => v.toPrecision(2)}
            label={{ value: "cost / month", angle: -90, position: "insideLeft", fontSize: 12 }}
            fontSize={12}
            width={56}
          />
          <Tooltip
            formatter={(value, name) => [Number(value).toPrecision(3), String(name)]}
            labelFormatter={() => ""}
          />
          <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          <Scatter name="candidates" data={others} fill="#94a3b8" isAnimationActive={false} />
          <Scatter
            name="chosen"
            data={chosen}
            fill="#0369a1"
            shape="star"
            legendType="star"
            isAnimationActive={false}
          />
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function SuggestionView({ result }: { result: PolicySuggestion }) {
  if (!result.feasible) {
    return (
      <section aria-label="Suggestion" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm">
        <p className="flex items-center gap-2 font-medium text-red-900">
          <AlertTriangle aria-hidden="true" className="size-4" />
          No plan fits the constraints
        </p>
        <ul className="mt-2 list-inside list-disc text-red-900">
          {result.failures.map((f) => (
            <li key={f.constraint}>{f.message}</li>
          ))}
        </ul>
        <p className="mt-2 text-slate-600">{result.assumptions.join("; ")}.</p>
      </section>
    );
  }
  const { plan } = result;
  return (
    <section
      aria-label="Suggestion"
      className="flex flex-col gap-2 rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm"
    >
      <p className="flex items-center gap-2 font-medium text-sky-900">
        <Lightbulb aria-hidden="true" className="size-4" />
        Suggested: {plan.scheduleText}, keeping restore points {plan.reachDays.toFixed(0)} days back
      </p>
      <p className="text-slate-700">
        Schedule{" "}
        <span className="font-mono text-xs" data-testid="suggested-cron">
          {plan.cron}
        </span>
        , keep{" "}
        {Object.entries(plan.retention)
          .map(([k, v]) =>
            k === "keepLast" ? `last ${v}` : k === "withinDays" ? `all within ${v} days` : `${v} ${k}`,
          )
          .join(", ")}
      </p>
      <p className="text-slate-700">{result.weights.meaning}.</p>
      <p className="text-slate-700">Binding constraint: {result.bindingText}.</p>
      <dl className="grid grid-cols-2 gap-2 tabular-nums sm:grid-cols-4">
        {(
          [
            ["Storage after 30 days", formatBytes(plan.storage.days30)],
            ["after 90 days", formatBytes(plan.storage.days90)],
            ["after 365 days", formatBytes(plan.storage.days365)],
            ["Cost per month", money(plan.cost)],
            ["Expected loss", formatBytes(plan.expectedLossBytes)],
            ["Worst-case loss", formatBytes(plan.worstLossBytes)],
            ["Longest gap", `${plan.maxGapHours.toFixed(1)} h`],
            ["Risk", gb(plan.risk)],
          ] as const
        ).map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="text-right sm:text-left">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="text-slate-700">
        If a backup fails, expect to lose about {formatBytes(plan.expectedLossBytes)} of changes, at worst{" "}
        {formatBytes(plan.worstLossBytes)}.
      </p>
      <CostRiskChart frontier={result.frontier} />
      {result.alternatives.length ? (
        <p className="text-slate-700">
          Alternatives:{" "}
          {result.alternatives
            .map((a) => `${a.scheduleText} (${money(a.cost)}/month, ${gb(a.risk)} at risk)`)
            .join("; ")}
          .
        </p>
      ) : null}
      <p className="text-xs text-slate-500">{result.assumptions.join("; ")}.</p>
    </section>
  );
}
