"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordRuleText } from "@/lib/auth/password-rules";
import type { ActionResult } from "@/lib/errors";
import { useHydrated } from "./use-hydrated";

export interface SetupFormProps {
  /** The setup page's server action (app/setup/actions.ts). */
  setupFirstAdmin(input: { name?: string; email: string; password: string }): Promise<ActionResult<unknown>>;
}

export function SetupForm({ setupFirstAdmin }: SetupFormProps) {
  const router = useRouter();
  const hydrated = useHydrated();
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
    // method="post" and a button that waits for React: the password never goes into a URL.
    <form method="post" onSubmit={onSubmit} className="flex flex-col gap-4">
      <Field label="Name" id="name" name="name" autoComplete="name" />
      <Field label="Email" id="email" name="email" type="email" autoComplete="email" required />
      <Field
        label="Password"
        id="password"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={PASSWORD_MIN_LENGTH}
        maxLength={PASSWORD_MAX_LENGTH}
        aria-describedby="password-rules"
        required
      />
      <p id="password-rules" className="-mt-2 text-xs text-slate-600">
        Password: {passwordRuleText}
      </p>
      <Field
        label="Confirm password"
        id="confirm"
        name="confirm"
        type="password"
        autoComplete="new-password"
        minLength={PASSWORD_MIN_LENGTH}
        maxLength={PASSWORD_MAX_LENGTH}
        required
      />
      <FormError message={error} />
      <Button type="submit" disabled={!hydrated || pending}>
        {pending ? "Creating…" : "Create administrator"}
      </Button>
    </form>
  );
}
