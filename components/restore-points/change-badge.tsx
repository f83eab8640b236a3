// A change told by colour, icon and word, like the status badges.
import { type LucideIcon, Minus, Pencil, Plus } from "lucide-react";

const kinds: Record<string, { icon: LucideIcon; cls: string }> = {
  added: { icon: Plus, cls: "bg-emerald-50 text-emerald-800 ring-emerald-600/30" },
  removed: { icon: Minus, cls: "bg-red-50 text-red-800 ring-red-600/30" },
  modified: { icon: Pencil, cls: "bg-amber-50 text-amber-900 ring-amber-600/30" },
};

export function ChangeBadge({ change }: { change: string }) {
  const kind = kinds[change] ?? kinds.modified;
  const Icon = kind?.icon ?? Pencil;
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${kind?.cls ?? ""}`}
    >
      <Icon aria-hidden="true" className="size-3.5" />
      {change}
    </span>
  );
}
