"use client";
// One-button restore: the safe default target is shown in full and is what "Start restore" uses
// unless another is typed; overwriting the original is offered to admins only, in red, and needs
// the asset's name typed. The service checks all of it again (roles, targets inside the original).
import { RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError } from "@/components/ui/field";
import { formatBytes, formatDuration, formatRate } from "@/components/ui/format";
import { type Action, runAction } from "@/components/ui/run-action";

export interface RestoreInput {
  asset: string;
  restorePoint: string;
  paths?: string[];
  target?: string;
  overwrite?: boolean;
}

export interface RestoreDialogProps {
  action: Action<RestoreInput, { id: string }>;
  asset: { id: string; name: string; kind: "directory" | "postgres"; original: string };
  restorePoint: string;
  defaultTarget: string;
  /** `upTo`: the bytes are an upper bound (a selection with folders: the whole point's size). */
  estimate: { bytes: number; bytesPerSecond: number; measured: boolean; upTo?: boolean };
  canOverwrite: boolean;
  paths?: string[];
  label?: string;
  variant?: "primary" | "secondary";
  disabled?: boolean;
}

export function RestoreDialog({
  action,
  asset,
  restorePoint,
  defaultTarget,
  estimate,
  canOverwrite,
  paths,
  label = "Restore",
  variant = "primary",
  disabled,
}: RestoreDialogProps) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [other, setOther] = useState("");
  const [overwrite, setOverwrite] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const what = asset.kind === "directory" ? "folder" : "database";
  const seconds = estimate.bytes / estimate.bytesPerSecond;
  const blocked = overwrite && typed !== asset.name;

  function submit() {
    setError(null);
    start(async () => {
      const target = overwrite ? asset.original : other.trim() || defaultTarget;
      const result = await runAction(
        action({ asset: asset.id, restorePoint, paths, target, overwrite }),
        "Restore queued",
      );
      if (!result.ok) return setError(result.error.message);
      setOpen(false);
      router.push(`/jobs/${result.data.id}`);
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          setOverwrite(false);
          setTyped("");
          setError(null);
        }
      }}
      title={`Restore ${asset.name}`}
      description={
        paths?.length
          ? `${paths.length === 1 ? "One item" : `${paths.length} items`} of this restore point.`
          : `The whole ${what} as it was at this restore point.`
      }
      trigger={
        <Button variant={variant} disabled={disabled}>
          <RotateCcw aria-hidden="true" className="size-4" />
          {label}
        </Button>
      }
    >
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!blocked) submit();
        }}
      >
        {paths?.length ? (
          <ul
            aria-label="Items to restore"
            className="max-h-32 overflow-y-auto rounded-md bg-slate-50 p-2 font-mono text-xs"
          >
            {paths.map((p) => (
              <li key={p} className="break-all">
                {p}
              </li>
            ))}
          </ul>
        ) : null}
        <div>
          <p className="text-sm font-medium text-slate-700">Restores to a new {what} (safe default)</p>
          <p
            data-testid="default-target"
            className="mt-1 break-all rounded-md bg-emerald-50 px-3 py-2 font-mono text-sm text-emerald-900"
          >
            {defaultTarget}
          </p>
        </div>
        <Field
          id={`${id}-other`}
          label={
            asset.kind === "directory" ? "Other target folder (optional)" : "Other target database (optional)"
          }
          hint={
            asset.kind === "directory"
              ? "An absolute path outside the original folder; created if missing."
              : "A database name that does not exist yet."
          }
          value={other}
          disabled={overwrite}
          onChange={(e) => setOther(e.target.value)}
        />
        <p className="text-sm text-slate-600" data-testid="restore-estimate">
          {estimate.upTo ? "At most" : "About"} {formatBytes(estimate.bytes)}, roughly{" "}
          {formatDuration(Math.max(1, seconds))} at {formatRate(estimate.bytesPerSecond)}
          {estimate.measured ? " (measured on earlier restores)" : " (assumed: nothing restored yet)"}.
        </p>
        {canOverwrite ? (
          <fieldset className="rounded-md p-3 ring-1 ring-red-300">
            <legend className="px-1 text-sm font-medium text-red-800">Overwrite (admins only)</legend>
            <label className="flex items-start gap-2 text-sm text-red-800">
              <input
                type="checkbox"
                checked={overwrite}
                onChange={(e) => setOverwrite(e.target.checked)}
                className="mt-0.5"
              />
              <span>
                Replace the live {what} <span className="font-mono break-all">{asset.original}</span> with
                this restore point. Changes made since are lost.
              </span>
            </label>
            {overwrite ? (
              <div className="mt-3">
                <Field
                  id={`${id}-confirm`}
                  label={`Type ${asset.name} to confirm`}
                  value={typed}
                  autoComplete="off"
                  onChange={(e) => setTyped(e.target.value)}
                />
              </div>
            ) : null}
          </fieldset>
        ) : null}
        <FormError message={error} />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="submit" variant={overwrite ? "danger" : "primary"} disabled={pending || blocked}>
            Start restore
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
