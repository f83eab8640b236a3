"use client";
// Webhooks: add (URL, and whether successes are sent too), send a test, enable/disable, remove.
// Only the URL's origin is shown in the list: the rest often carries a token.
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm";
import { Field, FormError } from "@/components/ui/field";
import { type Action, runAction } from "@/components/ui/run-action";

export function AddWebhookForm({
  action,
}: {
  action: Action<{ url: string; onSuccess?: boolean }, { id: string }>;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const el = event.currentTarget;
    const form = new FormData(el);
    start(async () => {
      const result = await action({
        url: String(form.get("url") ?? ""),
        onSuccess: form.get("onSuccess") === "on",
      });
      if (!result.ok) return setError(result.error.message);
      setError(null);
      el.reset();
      toast.success("Webhook added");
      router.refresh();
    });
  }
  return (
    <form
      onSubmit={submit}
      className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:flex-row sm:flex-wrap sm:items-end"
    >
      <div className="flex-1">
        <Field
          label="Webhook URL"
          id="webhook-url"
          name="url"
          type="url"
          required
          placeholder="https://hooks.example.com/lifeboat"
        />
      </div>
      <label className="flex items-center gap-2 pb-2 text-sm">
        <input type="checkbox" name="onSuccess" className="size-4 accent-sky-700" />
        Also on success
      </label>
      <Button type="submit" disabled={pending}>
        Add webhook
      </Button>
      {error ? (
        <div className="sm:basis-full">
          <FormError message={error} />
        </div>
      ) : null}
    </form>
  );
}

export function WebhookControls({
  hook,
  testAction,
  updateAction,
  removeAction,
}: {
  hook: { id: string; origin: string; enabled: boolean };
  testAction: Action<{ id: string }, { delivered: boolean }>;
  updateAction: Action<
    { id: string; enabled?: boolean },
    { id: string; enabled: boolean; onSuccess: boolean }
  >;
  removeAction: Action<{ id: string }, null>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div className="flex flex-wrap gap-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await runAction(testAction({ id: hook.id }));
            if (!r.ok) return;
            if (r.data.delivered) toast.success(`Test delivered to ${hook.origin}`);
            else toast.error(`${hook.origin} did not accept the test (no 2xx answer within 5 s)`);
          })
        }
      >
        Send test
      </Button>
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await runAction(updateAction({ id: hook.id, enabled: !hook.enabled }));
            if (r.ok) router.refresh();
          })
        }
      >
        {hook.enabled ? "Disable" : "Enable"}
      </Button>
      <ConfirmButton
        label="Remove"
        title="Remove this webhook?"
        description={`Lifeboat stops sending job events to ${hook.origin}.`}
        confirmLabel="Remove webhook"
        onConfirm={async () => {
          const r = await runAction(removeAction({ id: hook.id }), "Webhook removed");
          if (r.ok) router.refresh();
        }}
      />
    </div>
  );
}
