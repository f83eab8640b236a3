"use client";
// The overview's two charts (recharts): data stored per repository over time (cumulative bytes
// added by its restore points) and bytes added by each recent run. Fixed-height frames, so the
// page does not shift when the charts draw; each chart has a text summary for screen readers.
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatBytes } from "@/components/ui/format";
import { formatDateTime, useTimeZone } from "@/components/ui/time";

const colours = ["#0284c7", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2"];
const axis = { fontSize: 11, fill: "currentColor" };

export function StorageChart({
  data,
  repositories,
}: {
  data: Record<string, number | string>[];
  repositories: string[];
}) {
  const last = data.at(-1);
  const summary = last
    ? repositories.map((r) => `${r}: ${formatBytes(Number(last[r] ?? 0))}`).join(", ")
    : "no data yet";
  return (
    <figure className="flex flex-col gap-2">
      <div className="h-56 text-slate-500" aria-hidden="true">
        {data.length ? (
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={data} margin={{ left: 8, right: 8, top: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.2} />
              <XAxis dataKey="day" tick={axis} />
              <YAxis tickFormatter={(v) => formatBytes(Number(v))} tick={axis} width={72} />
              <Tooltip formatter={(v) => formatBytes(Number(v))} />
              {repositories.map((r, i) => (
                <Area
                  key={r}
                  type="monotone"
                  dataKey={r}
                  stroke={colours[i % colours.length]}
                  fill={colours[i % colours.length]}
                  fillOpacity={0.2}
                  isAnimationActive={false}
                />
              ))}
            </AreaChart>
          </ResponsiveContainer>
        ) : (
          <p className="flex h-full items-center justify-center text-sm">No restore points yet.</p>
        )}
      </div>
      <figcaption className="text-xs text-slate-600">
        Data added per repository, cumulative: {summary}.
      </figcaption>
    </figure>
  );
}

export function BytesPerRunChart({
  data,
}: {
  data: { id: string; time: string | Date; asset: string; bytesAdded: number }[];
}) {
  const zone = useTimeZone();
  const rows = data.map((d) => ({ ...d, label: formatDateTime(d.time, zone) }));
  const total = data.reduce((s, d) => s + d.bytesAdded, 0);
  return (
    <figure className="flex flex-col gap-2">
      <div className="h-56 text-slate-500" aria-hidden="true">
        {rows.length ? (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} margin={{ left: 8, right: 8, top: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.2} />
              <XAxis dataKey="label" tick={false} />
              <YAxis tickFormatter={(v) => formatBytes(Number(v))} tick={axis} width={72} />
              <Tooltip
                formatter={(v) => formatBytes(Number(v))}
                labelFormatter={(_l, p) => {
                  const item = p?.[0]?.payload as { asset?: string; label?: string } | undefined;
                  return item ? `${item.asset} · ${item.label}` : "";
                }}
              />
              <Bar dataKey="bytesAdded" name="added" fill={colours[0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        ) : (
          <p className="flex h-full items-center justify-center text-sm">No backups in the last 30 days.</p>
        )}
      </div>
      <figcaption className="text-xs text-slate-600">
        Bytes added by each of the last {data.length} runs (30 days): {formatBytes(total)} in all.
      </figcaption>
    </figure>
  );
}
