"use client";
// Radix Tabs: arrow keys move between tabs, each panel is labelled by its tab.
import { Tabs as T } from "radix-ui";
import type { ReactNode } from "react";

export function Tabs({
  label,
  tabs,
  defaultValue,
  value,
  onValueChange,
}: {
  label: string;
  tabs: { value: string; label: string; content: ReactNode }[];
  defaultValue?: string;
  value?: string;
  onValueChange?: (value: string) => void;
}) {
  return (
    <T.Root
      defaultValue={defaultValue ?? tabs[0]?.value}
      value={value}
      onValueChange={onValueChange}
      className="flex flex-col gap-3"
    >
      <T.List aria-label={label} className="flex gap-1 border-b border-slate-200">
        {tabs.map((t) => (
          <T.Trigger
            key={t.value}
            value={t.value}
            className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 hover:text-slate-900 data-[state=active]:border-sky-700 data-[state=active]:text-slate-900"
          >
            {t.label}
          </T.Trigger>
        ))}
      </T.List>
      {tabs.map((t) => (
        <T.Content key={t.value} value={t.value}>
          {t.content}
        </T.Content>
      ))}
    </T.Root>
  );
}
