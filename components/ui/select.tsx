"use client";
// Radix Select with a visible label tied to it; `name` makes it post with a form (Radix renders a
// hidden native select for that).
import { Check, ChevronDown } from "lucide-react";
import { Select as S } from "radix-ui";

export interface Option {
  value: string;
  label: string;
}

export function Select({
  id,
  label,
  name,
  options,
  value,
  defaultValue,
  onValueChange,
  placeholder,
}: {
  id: string;
  label: string;
  name?: string;
  options: Option[];
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
  placeholder?: string;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <S.Root name={name} value={value} defaultValue={defaultValue} onValueChange={onValueChange}>
        <S.Trigger
          id={id}
          aria-label={label}
          className="inline-flex items-center justify-between gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-left text-sm shadow-sm focus:border-sky-700 focus:outline-none focus:ring-2 focus:ring-sky-700/30"
        >
          <S.Value placeholder={placeholder ?? "Choose…"} />
          <S.Icon>
            <ChevronDown aria-hidden="true" className="size-4 text-slate-500" />
          </S.Icon>
        </S.Trigger>
        <S.Portal>
          <S.Content
            position="popper"
            sideOffset={4}
            className="z-50 max-h-72 min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-md bg-white shadow-lg ring-1 ring-slate-200"
          >
            <S.Viewport className="p-1">
              {options.map((o) => (
                <S.Item
                  key={o.value}
                  value={o.value}
                  className="relative flex cursor-default select-none items-center rounded px-7 py-1.5 text-sm outline-none data-[highlighted]:bg-sky-50"
                >
                  <S.ItemIndicator className="absolute left-2">
                    <Check aria-hidden="true" className="size-4" />
                  </S.ItemIndicator>
                  <S.ItemText>{o.label}</S.ItemText>
                </S.Item>
              ))}
            </S.Viewport>
          </S.Content>
        </S.Portal>
      </S.Root>
    </div>
  );
}
