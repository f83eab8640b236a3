"use client";
// The administrator's privacy switch: the offline planner answers even when a hosted model is
// configured. Saved at once; the page and the assistant panel's badge follow (router.refresh).
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import type { Action } from "@/components/ui/run-action";

export function OfflineOnlyForm({
  offlineOnly,
  action,
}: {
  offlineOnly: boolean;
  action: Action<{ offlineOnly: boolean }, boolean>;
}) {
  const router = useRouter();
  const [checked, setChecked] = useState(offlineOnly);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    start(async () => {
      const result = await action({ offlineOnly: checked });
      if (!result.ok) return setError(result.error.message);
      setError(null);
      toast.success(result.data ? "The offline planner answers now" : "The configured model answers now");
      router.refresh();
    });
  }
  return (
    <form onSubmit={submit} className="mt-4 space-y-3 border-t border-slate-200 pt-4">
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          name="offlineOnly"
          checked={checked}
          onChange={(e) => setChecked(e.target.checked)}
          className="mt-0.5 size-4 shrink-0 accent-sky-700"
        />
        <span>
          <span className="font-medium">Use the offline planner</span>
          <span className="block text-xs text-slate-600">
            Even when a hosted model is configured: no inventory, chat or file name leaves this machine.
          </span>
        </span>
      </label>
      <Button type="submit" disabled={pending || checked === offlineOnly}>
        Save
      </Button>
      <FormError message={error} />
    </form>
  );
}
