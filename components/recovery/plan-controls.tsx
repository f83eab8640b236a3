"use client";
// What can be done to a draft plan: another restore point or target for one asset (before the
// start; overwriting in place is for admins, checked again by the service), and the start itself.
import { Pencil, Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError } from "@/components/ui/field";
import { type Action, runAction } from "@/components/ui/run-action";
import { Select } from "@/components/ui/select";
import { formatDateTime, useTimeZone } from "@/components/ui/time";

export interface EditItemInput {
  plan: string;
  asset: string;
  restorePoint?: string;
  target?: string;
}

export function EditItem({
  action,
  plan,
  asset,
  point,
  target,
  points,
}: {
  action: Action<EditItemInput, { id: string }>;
  plan: string;
  asset: { id: string; name: string; kind: "directory" | "postgres" };
  point: string | null;
  target: string;
  points: { id: string; time: string; verifiedStatus: string; snapshot: string }[];
}) {
  const id = useId();
  const zone = useTimeZone();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState(point ?? "");
  const [to, setTo] = useState(target);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          setChosen(point ?? "");
          setTo(target);
          setError(null);
        }
      }}
      title={`Edit ${asset.name}`}
      description="Another restore point or target for this asset; the plan's estimates follow."
      trigger={
        <Button variant="secondary" aria-label={`Edit ${asset.name}`}>
          <Pencil aria-hidden="true" className="size-4" />
          Edit
        </Button>
      }
    >
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          start(async () => {
            const result = await runAction(
              action({
                plan,
                asset: asset.id,
                restorePoint: chosen && chosen !== point ? chosen : undefined,
                target: to.trim() && to.trim() !== target ? to.trim() : undefined,
              }),
              "Plan updated",
            );
            if (!result.ok) return setError(result.error.message);
            setOpen(false);
            router.refresh();
          });
        }}
      >
        <Select
          id={`${id}-point`}
          label="Restore point"
          value={chosen}
          onValueChange={setChosen}
          options={points.map((p) => ({
            value: p.id,
            label: `${formatDateTime(p.time, zone)} · ${p.verifiedStatus} · ${p.snapshot}`,
          }))}
        />
        <Field
          id={`${id}-target`}
          label={asset.kind === "directory" ? "Target folder" : "Target database"}
          hint={
            asset.kind === "directory"
              ? "An absolute path outside the original folder."
              : "A database name that does not exist yet."
          }
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
        <FormError message={error} />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function StartRecovery({
  action,
  plan,
  restores,
  skipped,
}: {
  action: Action<{ plan: string }, { id: string; status: string }>;
  plan: string;
  restores: number;
  skipped: string[];
}) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Start recovery"
      variant="primary"
      icon={<Play aria-hidden="true" className="size-4" />}
      title="Start this recovery?"
      description={
        <>
          <p>
            {restores === 1 ? "One restore" : `${restores} restores`} will be queued as planned, each into its
            target. The plan cannot be edited afterwards.
          </p>
          {skipped.length ? (
            <p className="mt-2 text-amber-900">Not restored (no restore point): {skipped.join(", ")}.</p>
          ) : null}
        </>
      }
      confirmLabel="Start"
      onConfirm={async () => {
        const result = await runAction(action({ plan }), "Recovery started");
        if (result.ok) router.refresh();
        return result.ok;
      }}
    />
  );
}
