"use client";
// A policy's admin controls: enable or disable, edit, delete (with confirmation).
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm";
import { type Action, runAction } from "@/components/ui/run-action";
import { PolicyFormDialog, type PolicyValues, type SuggestAction } from "./policy-form";

export function PolicyAdmin({
  policy,
  assets,
  repositories,
  updateAction,
  setEnabledAction,
  deleteAction,
  suggestAction,
}: {
  policy: PolicyValues & { id: string };
  assets: { id: string; name: string }[];
  repositories: { id: string; name: string; isDefault: boolean }[];
  updateAction: Action<PolicyValues & { policy: string }, { id: string; name: string }>;
  setEnabledAction: Action<{ policy: string; enabled: boolean }, { id: string; enabled: boolean }>;
  deleteAction: Action<{ policy: string }, { id: string; name: string }>;
  suggestAction?: SuggestAction;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <>
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await runAction(
              setEnabledAction({ policy: policy.id, enabled: !policy.enabled }),
              policy.enabled ? `${policy.name} disabled` : `${policy.name} enabled`,
            );
            if (r.ok) router.refresh();
          })
        }
      >
        {policy.enabled ? "Disable" : "Enable"}
      </Button>
      <PolicyFormDialog
        title={`Edit ${policy.name}`}
        trigger={<Button variant="secondary">Edit</Button>}
        initial={policy}
        assets={assets}
        repositories={repositories}
        suggestAction={suggestAction}
        // The form sets `policy` whenever it edits (initial.id is present).
        action={updateAction as Action<PolicyValues & { policy?: string }, { id: string; name: string }>}
      />
      <ConfirmButton
        label="Delete"
        title={`Delete policy ${policy.name}?`}
        description="Its assets are no longer backed up on this schedule. Existing restore points and jobs stay; retention stops pruning them for this policy."
        confirmLabel="Delete policy"
        onConfirm={async () => {
          const r = await runAction(deleteAction({ policy: policy.id }), `Policy ${policy.name} deleted`);
          if (r.ok) router.refresh();
        }}
      />
    </>
  );
}
