"use client";
// A row's secondary actions behind one button (Radix DropdownMenu: arrow keys, typeahead, Escape).
import { MoreHorizontal } from "lucide-react";
import { DropdownMenu as M } from "radix-ui";

export interface MenuAction {
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

export function ActionsMenu({ label, actions }: { label: string; actions: MenuAction[] }) {
  return (
    <M.Root>
      <M.Trigger
        aria-label={label}
        className="rounded-md p-1.5 text-slate-600 ring-1 ring-slate-300 hover:bg-slate-100"
      >
        <MoreHorizontal aria-hidden="true" className="size-4" />
      </M.Trigger>
      <M.Portal>
        <M.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-40 rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200"
        >
          {actions.map((a) => (
            <M.Item
              key={a.label}
              onSelect={a.onSelect}
              className={`cursor-default rounded px-3 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100 ${a.danger ? "text-red-700" : ""}`}
            >
              {a.label}
            </M.Item>
          ))}
        </M.Content>
      </M.Portal>
    </M.Root>
  );
}
