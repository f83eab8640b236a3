import { Download } from "lucide-react";
import type { Metadata } from "next";
import { DeleteExampleButton } from "@/components/settings/examples";
import { DataTable } from "@/components/ui/data-table";
import { Forbidden, PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { requirePageContext } from "@/lib/auth/next-context";
import { type LearnedExample, listExamples } from "@/lib/services/assistant-examples";
import { deleteExampleAction } from "./actions";

export const metadata: Metadata = { title: "Learned examples" };

/** What the person changed in the draft: each argument that differs, before → after. */
function changes(e: LearnedExample): string[] {
  const keys = new Set([...Object.keys(e.draftedInput), ...Object.keys(e.input)]);
  const show = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v));
  return [...keys]
    .filter((k) => show(e.draftedInput[k]) !== show(e.input[k]))
    .map((k) => `${k}: ${show(e.draftedInput[k])} → ${show(e.input[k])}`);
}

export default async function ExamplesPage() {
  const { ctx, allowed } = await requirePageContext("admin");
  const header = (
    <PageHeader
      title="Settings · Learned examples"
      description="Drafts someone corrected before approving. The offline planner answers the same words with the corrected call; the export fine-tunes a hosted model."
    />
  );
  if (!allowed)
    return (
      <>
        {header}
        <Forbidden neededRole="admin" />
      </>
    );
  const examples = await listExamples(ctx);
  return (
    <>
      {header}
      <div className="mb-4 flex items-center justify-between gap-4">
        <p className="text-sm text-slate-600">
          {examples.length === 1 ? "1 example" : `${examples.length} examples`}
        </p>
        <a
          href="/api/assistant/examples"
          download
          className="inline-flex items-center gap-2 rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-500"
        >
          <Download aria-hidden className="size-4" />
          Export (JSONL)
        </a>
      </div>
      <DataTable
        label="Learned examples"
        columns={[
          { key: "request", header: "Request" },
          { key: "tool", header: "Action" },
          { key: "changes", header: "Corrected", wide: true },
          { key: "by", header: "By", wide: true },
          { key: "when", header: "When", wide: true },
          { key: "actions", header: "Actions" },
        ]}
        rows={examples.map((e) => ({
          id: e.id,
          cells: {
            request: <span className="break-words">{e.request}</span>,
            tool: <span className="font-mono text-xs">{e.toolName}</span>,
            changes: (
              <ul className="font-mono text-xs">
                {changes(e).map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            ),
            by: e.userEmail ?? "(deleted user)",
            when: <Time value={e.createdAt} />,
            actions: (
              <DeleteExampleButton
                example={{ id: e.id, request: e.request }}
                deleteAction={deleteExampleAction}
              />
            ),
          },
        }))}
        empty="No examples yet. When someone edits a drafted action before approving it, the correction appears here."
      />
    </>
  );
}
