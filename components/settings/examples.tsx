"use client";
// Learned examples: delete one after a confirmation that says what changes (the assistant stops
// answering that phrase with the corrected call).
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm";
import { type Action, runAction } from "@/components/ui/run-action";

export function DeleteExampleButton({
  example,
  deleteAction,
}: {
  example: { id: string; request: string };
  deleteAction: Action<{ id: string }, { id: string; toolName: string }>;
}) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      icon={<Trash2 aria-hidden className="size-4" />}
      title="Delete this example?"
      description={
        <>
          The assistant stops using this correction. “{example.request}” will be planned from its own
          understanding again.
        </>
      }
      confirmLabel="Delete example"
      onConfirm={async () => {
        const r = await runAction(deleteAction({ id: example.id }), "Example deleted");
        if (r.ok) router.refresh();
      }}
    />
  );
}
