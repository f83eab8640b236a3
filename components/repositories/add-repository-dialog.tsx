"use client";
// "Add repository": a local folder or an S3 bucket, opened with its password (or initialised)
// before it is saved; the reason is shown when that fails. Password and keys are posted to the
// server action, stored encrypted and never shown again.
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError } from "@/components/ui/field";
import type { Action } from "@/components/ui/run-action";

export interface AddRepositoryInput {
  name: string;
  url: string;
  password: string;
  init: boolean;
  isDefault?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string; region?: string };
}

export function AddRepositoryDialog({
  action,
}: {
  action: Action<AddRepositoryInput, { id: string; name: string }>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const s3 = url.trim().startsWith("s3:");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const region = String(form.get("region") ?? "").trim();
    const input: AddRepositoryInput = {
      name: String(form.get("name") ?? ""),
      url,
      password: String(form.get("password") ?? ""),
      init: form.get("init") === "on",
      isDefault: form.get("isDefault") === "on" ? true : undefined,
      ...(s3
        ? {
            credentials: {
              accessKeyId: String(form.get("accessKeyId") ?? ""),
              secretAccessKey: String(form.get("secretAccessKey") ?? ""),
              ...(region ? { region } : {}),
            },
          }
        : {}),
    };
    start(async () => {
      const result = await action(input);
      if (!result.ok) return setError(result.error.message);
      setError(null);
      setOpen(false);
      toast.success(`Repository ${result.data.name} added`);
      router.refresh();
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
      title="Add repository"
      description="A restic repository in a local folder or an S3 bucket; it is opened (or created) before it is saved."
      trigger={
        <Button>
          <Plus aria-hidden="true" className="size-4" />
          Add repository
        </Button>
      }
    >
      <form onSubmit={submit} className="flex flex-col gap-3">
        <Field
          label="Name"
          id="repo-name"
          name="name"
          required
          autoComplete="off"
          hint="No spaces or commas."
        />
        <Field
          label="Location"
          id="repo-url"
          name="url"
          required
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          spellCheck={false}
          placeholder="/srv/backup or s3:https://s3.example.com/bucket/prefix"
        />
        <Field
          label="Password"
          id="repo-password"
          name="password"
          type="password"
          required
          autoComplete="new-password"
        />
        {s3 ? (
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
            <Field label="Access key ID" id="repo-key" name="accessKeyId" required autoComplete="off" />
            <Field
              label="Secret access key"
              id="repo-secret"
              name="secretAccessKey"
              type="password"
              required
              autoComplete="off"
            />
            <Field label="Region" id="repo-region" name="region" placeholder="us-east-1" />
          </div>
        ) : null}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="init" className="size-4 accent-sky-700" />
          Create a new, empty repository there (restic init)
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="isDefault" className="size-4 accent-sky-700" />
          Make it the default for new policies
        </label>
        <FormError message={error} />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? "Opening…" : "Save repository"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
