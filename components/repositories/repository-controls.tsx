"use client";
// A repository's controls: "Check now" (operators), set default and remove (admins).
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm";
import { type Action, runAction } from "@/components/ui/run-action";

type Ref = { repository: string };

export function RepositoryControls({
  repository,
  canOperate,
  canAdmin,
  checkAction,
  setDefaultAction,
  removeAction,
}: {
  repository: { id: string; name: string; isDefault: boolean };
  canOperate: boolean;
  canAdmin: boolean;
  checkAction: Action<Ref, { jobId: string }>;
  setDefaultAction: Action<Ref, { id: string; name: string }>;
  removeAction: Action<Ref, { id: string; name: string }>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const ref = { repository: repository.id };
  return (
    <div className="flex flex-wrap gap-2">
      {canOperate ? (
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await runAction(checkAction(ref), "Check queued");
              if (r.ok) router.push(`/jobs/${r.data.jobId}`);
            })
          }
        >
          Check now
        </Button>
      ) : null}
      {canAdmin && !repository.isDefault ? (
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await runAction(setDefaultAction(ref), `${repository.name} is now the default`);
              if (r.ok) router.refresh();
            })
          }
        >
          Set default
        </Button>
      ) : null}
      {canAdmin ? (
        <ConfirmButton
          label="Remove"
          title={`Remove ${repository.name}?`}
          description="Lifeboat forgets the repository and its restore points. The data in it is not deleted; restic (or Lifeboat, added again) can still read it. A repository used by a policy cannot be removed."
          confirmLabel="Remove repository"
          onConfirm={async () => {
            const r = await runAction(removeAction(ref), `Repository ${repository.name} removed`);
            if (r.ok) router.refresh();
          }}
        />
      ) : null}
    </div>
  );
}
