"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";

export interface SetupFormProps {
  /** The setup page's server action (app/setup/actions.ts). */
  setupFirstAdmin(input: { name?: string; email: string; password: string }): Promise<ActionResult<unknown>>;
}

export function SetupForm({ setupFirstAdmin }: SetupFormProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.get("password") !== form.get("confirm")) {
      setError("The two passwords differ.");
      return;
    }
    startTransition(async () => {
      const result = await setupFirstAdmin({
        name: String(form.get("name") || "") || undefined,
        email: String(form.get("email")),
        password: String(form.get("password")),
      });
      if (result.ok) router.replace("/sign-in?setup=done");
      else setError(result.error.message);
    });
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <Field label="Name" id="name" name="name" autoComplete="name" />
      <Field label="Email" id="email" name="email" type="email" autoComplete="email" required />
      <Field
        label="Password"
        id="password"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={10}
        required
      />
      <Field
        label="Confirm password"
        id="confirm"
        name="confirm"
        type="password"
        autoComplete="new-password"
        minLength={10}
        required
      />
      <FormError message={error} />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create administrator"}
      </Button>
    </form>
  );
}
