// A restore point's tags as restic lists them; IDs inside a tag can be cut to 8 characters
// (as restic shows snapshot IDs), the whole tag in the tooltip.
import { Tag } from "lucide-react";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function Tags({ tags, short }: { tags: string[]; short?: boolean }) {
  if (!tags.length) return <span className="text-slate-500">—</span>;
  return (
    <ul aria-label="Tags" className="flex flex-wrap gap-1">
      {tags.map((t) => (
        <li
          key={t}
          title={t}
          className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-700 break-all"
        >
          <Tag aria-hidden="true" className="size-3 shrink-0" />
          {short ? t.replace(UUID, (id) => id.slice(0, 8)) : t}
        </li>
      ))}
    </ul>
  );
}
