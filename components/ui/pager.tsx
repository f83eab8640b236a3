import Link from "next/link";

/**
 * Keyset pagination: "Newer"/"Older" links carry the cursor of the first/last row shown, never an
 * offset, so a page stays cheap however deep, and rows added meanwhile do not shift it.
 */
export function Pager({ prevHref, nextHref }: { prevHref?: string | null; nextHref?: string | null }) {
  if (!prevHref && !nextHref) return null;
  const cls = "rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300 hover:bg-slate-100";
  return (
    <nav aria-label="Pages" className="mt-3 flex justify-end gap-2">
      {prevHref ? (
        <Link href={prevHref} className={cls} rel="prev">
          First page
        </Link>
      ) : null}
      {nextHref ? (
        <Link href={nextHref} className={cls} rel="next">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
