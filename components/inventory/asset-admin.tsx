"use client";
// An asset's admin controls: rename / change excludes, and remove (which says what happens to
// its restore points: they leave the catalog; the data stays in the repository until retention
// or a prune removes it).
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError, TextArea } from "@/components/ui/field";
import { type Action, runAction } from "@/components/ui/run-action";

type Ref = { id: string; name: string };

export function AssetAdmin({
  asset,
  updateAction,
  removeAction,
}: {
  asset: { id: string; name: string; kind: string; excludes: string[]; restorePoints: number };
  updateAction: Action<{ asset: string; name?: string; excludes?: string[] }, Ref>;
  removeAction: Action<{ asset: string }, Ref>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const excludes =
      asset.kind === "directory"
        ? String(form.get("excludes") ?? "")
            .split("\n")
            .map((l) => l.trim())
            .filter(Boolean)
        : undefined;
    start(async () => {
      const result = await updateAction({ asset: asset.id, name: String(form.get("name") ?? ""), excludes });
      if (!result.ok) return setError(result.error.message);
      setError(null);
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <div className="flex flex-wrap gap-2">
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={`Edit ${asset.name}`}
        trigger={<Button variant="secondary">Edit</Button>}
      >
        <form onSubmit={save} className="flex flex-col gap-3">
          <Field label="Name" id="edit-asset-name" name="name" defaultValue={asset.name} required />
          {asset.kind === "directory" ? (
            <TextArea
              label="Exclude patterns"
              id="edit-asset-excludes"
              name="excludes"
              rows={4}
              defaultValue={asset.excludes.join("\n")}
              hint="One pattern per line; applies from the next backup."
            />
          ) : null}
          <FormError message={error} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              Save changes
            </Button>
          </div>
        </form>
      </Dialog>
      <ConfirmButton
        label="Remove"
        title={`Remove ${asset.name}?`}
        description={
          <>
            <p>
              Lifeboat stops protecting it and forgets its {asset.restorePoints} restore point
              {asset.restorePoints === 1 ? "" : "s"}: they can no longer be browsed or restored from here.
            </p>
            <p className="mt-2">
              The backed-up data stays in the repository (restic can still read it) until retention or a prune
              removes it. The folder or database itself is not touched.
            </p>
          </>
        }
        confirmLabel="Remove asset"
        onConfirm={async () => {
          const result = await runAction(removeAction({ asset: asset.id }), (d) => `Asset ${d.name} removed`);
          if (result.ok) router.push("/inventory");
        }}
      />
    </div>
  );
}
