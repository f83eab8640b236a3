"use client";
// The Reports page's two charts (recharts): RPO compliance per asset, and each asset's backups by
// outcome. Fixed-height frames; a text summary under each for screen readers and print.
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { percent } from "@/lib/advisor/report-text";

export interface ChartAsset {
  asset: string;
  compliance: number;
  succeeded: number;
  failed: number;
  missed: number;
}

const axis = { fontSize: 11, fill: "currentColor" };
const pct = (v: number) => percent(v);

export function ComplianceChart({ data }: { data: ChartAsset[] }) {
  const height = Math.max(120, data.length * 36 + 40);
  return (
    <figure className="flex flex-col gap-2">
      <div className="text-slate-500" style={{ height }} aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 8 }}>
            <CartesianGrid
              strokeDasharray="3 3"
              stroke="currentColor"
              strokeOpacity={0.2}
              horizontal={false}
            />
            <XAxis
              type="number"
              domain={[0, 1]}
              tickFormatter={(v) => `${Math.round(Number(v) * 100)} %`}
              tick={axis}
            />
            <YAxis type="category" dataKey="asset" tick={axis} width={90} />
            <Tooltip formatter={(v) => pct(Number(v))} />
            <Bar dataKey="compliance" name="Within RPO" isAnimationActive={false}>
              {data.map((d) => (
                <Cell
                  key={d.asset}
                  fill={d.compliance >= 1 ? "#16a34a" : d.compliance >= 0.9 ? "#d97706" : "#dc2626"}
                />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-slate-600">
        Share of the period each asset was within its RPO:{" "}
        {data.map((d) => `${d.asset} ${pct(d.compliance)}`).join(", ") || "no assets"}.
      </figcaption>
    </figure>
  );
}

export function RunsChart({ data }: { data: ChartAsset[] }) {
  const height = Math.max(120, data.length * 36 + 40);
  return (
    <figure className="flex flex-col gap-2">
      <div className="text-slate-500" style={{ height }} aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 8 }}>
            <CartesianGrid
              strokeDasharray="3 3"
              stroke="currentColor"
              strokeOpacity={0.2}
              horizontal={false}
            />
            <XAxis type="number" allowDecimals={false} tick={axis} />
            <YAxis type="category" dataKey="asset" tick={axis} width={90} />
            <Tooltip />
            <Bar
              dataKey="succeeded"
              name="Succeeded"
              stackId="runs"
              fill="#16a34a"
              isAnimationActive={false}
            />
            <Bar dataKey="failed" name="Failed" stackId="runs" fill="#dc2626" isAnimationActive={false} />
            <Bar dataKey="missed" name="Missed" stackId="runs" fill="#d97706" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-slate-600">
        Backups per asset, green succeeded, red failed, amber missed:{" "}
        {data.map((d) => `${d.asset} ${d.succeeded}/${d.failed}/${d.missed}`).join(", ") || "no assets"}.
      </figcaption>
    </figure>
  );
}
