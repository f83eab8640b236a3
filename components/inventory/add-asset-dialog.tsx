"use client";
// "Add asset": a folder or a PostgreSQL database. The server proves it can reach the asset (the
// folder exists and is readable; the database answers) before storing anything, and its reason
// is shown here when it cannot. The database URL holds a password: it is posted to the server
// action, stored encrypted, and never shown again.
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError, TextArea } from "@/components/ui/field";
import type { Action } from "@/components/ui/run-action";
import { Tabs } from "@/components/ui/tabs";

export type AddAssetInput =
  | { kind: "directory"; name: string; path: string; excludes: string[]; host?: string }
  | { kind: "postgres"; name: string; databaseUrl: string; host?: string };

const lines = (v: FormDataEntryValue | null) =>
  String(v ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
const optional = (v: FormDataEntryValue | null) => String(v ?? "").trim() || undefined;

export function AddAssetDialog({ action }: { action: Action<AddAssetInput, { id: string; name: string }> }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function submit(kind: "directory" | "postgres") {
    return (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const form = new FormData(event.currentTarget);
      const name = String(form.get("name") ?? "");
      const input: AddAssetInput =
        kind === "directory"
          ? {
              kind,
              name,
              path: String(form.get("path") ?? ""),
              excludes: lines(form.get("excludes")),
              host: optional(form.get("host")),
            }
          : {
              kind,
              name,
              databaseUrl: String(form.get("databaseUrl") ?? ""),
              host: optional(form.get("host")),
            };
      start(async () => {
        const result = await action(input);
        if (!result.ok) return setError(result.error.message);
        setError(null);
        setOpen(false);
        toast.success(`Asset ${result.data.name} added`);
        router.push(`/inventory/${result.data.id}`);
      });
    };
  }

  const buttons = (
    <div className="flex justify-end gap-2 pt-2">
      <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
        Cancel
      </Button>
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Save asset"}
      </Button>
    </div>
  );

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
      title="Add asset"
      description="Lifeboat checks that it can reach the folder or database before saving it."
      trigger={
        <Button>
          <Plus aria-hidden="true" className="size-4" />
          Add asset
        </Button>
      }
    >
      <Tabs
        label="Kind of asset"
        onValueChange={() => setError(null)}
        tabs={[
          {
            value: "directory",
            label: "Folder",
            content: (
              <form onSubmit={submit("directory")} className="flex flex-col gap-3">
                <Field label="Name" id="asset-name" name="name" required autoComplete="off" />
                <Field
                  label="Folder path"
                  id="asset-path"
                  name="path"
                  required
                  placeholder="/srv/www"
                  hint="An absolute path on the machine that runs the backup."
                />
                <TextArea
                  label="Exclude patterns"
                  id="asset-excludes"
                  name="excludes"
                  rows={3}
                  hint="One pattern per line, e.g. *.log or cache/"
                />
                <Field
                  label="Host (optional)"
                  id="asset-host"
                  name="host"
                  hint="Only a worker on this host backs it up."
                />
                <FormError message={error} />
                {buttons}
              </form>
            ),
          },
          {
            value: "postgres",
            label: "PostgreSQL database",
            content: (
              <form onSubmit={submit("postgres")} className="flex flex-col gap-3">
                <Field label="Name" id="asset-db-name" name="name" required autoComplete="off" />
                <Field
                  label="Database URL"
                  id="asset-db-url"
                  name="databaseUrl"
                  required
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="postgres://user:password@host:5432/dbname"
                  hint="Stored encrypted; never shown again."
                />
                <Field
                  label="Host (optional)"
                  id="asset-db-host"
                  name="host"
                  hint="Only a worker on this host backs it up."
                />
                <FormError message={error} />
                {buttons}
              </form>
            ),
          },
        ]}
      />
    </Dialog>
  );
}
