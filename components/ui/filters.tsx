// Filters are a GET form: the filtered view is a URL that can be linked and reloaded. Each select
// posts its name; "Apply" submits, "Clear" links to the bare list.
import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "./button";
import { type Option, Select } from "./select";

export interface FilterSpec {
  name: string;
  label: string;
  options: Option[];
  value?: string;
}

export const ANY = "any";

export function Filters({
  action,
  filters,
  extra,
}: {
  action: string;
  filters: FilterSpec[];
  extra?: ReactNode;
}) {
  return (
    <form
      method="get"
      action={action}
      aria-label="Filters"
      className="mb-4 flex flex-wrap items-end gap-3 rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200"
    >
      {filters.map((f) => (
        <div key={f.name} className="min-w-36">
          <Select
            id={`filter-${f.name}`}
            name={f.name}
            label={f.label}
            defaultValue={f.value ?? ANY}
            options={[{ value: ANY, label: "Any" }, ...f.options]}
          />
        </div>
      ))}
      {extra}
      <Button type="submit" variant="secondary">
        Apply
      </Button>
      <Link href={action} className="px-2 py-2 text-sm text-slate-600 underline-offset-2 hover:underline">
        Clear
      </Link>
    </form>
  );
}

/** The search params a page was given, without "any" values, as a string record. */
export function cleanParams(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value && value !== ANY) out[k] = value;
  }
  return out;
}

export function hrefWith(
  base: string,
  params: Record<string, string>,
  changes: Record<string, string | null>,
) {
  const merged = { ...params };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  const qs = new URLSearchParams(merged).toString();
  return qs ? `${base}?${qs}` : base;
}
