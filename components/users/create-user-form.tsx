"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { useHydrated } from "@/components/auth/use-hydrated";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordRuleText } from "@/lib/auth/password-rules";
import type { ActionResult } from "@/lib/errors";

export interface CreateUserFormProps {
  /** The page's server action (app/(dashboard)/settings/users/actions.ts). */
  createUser(input: {
    email: string;
    name?: string;
    role: "viewer" | "operator" | "admin";
    password: string;
  }): Promise<ActionResult<unknown>>;
}

export function CreateUserForm({ createUser }: CreateUserFormProps) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    startTransition(async () => {
      const result = await createUser({
        email: String(form.get("email")),
        name: String(form.get("name") || "") || undefined,
        role: String(form.get("role")) as "viewer",
        password: String(form.get("password")),
      });
      if (!result.ok) return setError(result.error.message);
      setError(null);
      formElement.reset();
      router.refresh();
    });
  }

  return (
    // method="post" and a button that waits for React: the password never goes into a URL.
    <form
      method="post"
      onSubmit={onSubmit}
      className="grid grid-cols-1 gap-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-5 lg:items-end"
    >
      <Field label="Email" id="new-email" name="email" type="email" required />
      <Field label="Name" id="new-name" name="name" />
      <div className="flex flex-col gap-1">
        <label htmlFor="new-role" className="text-sm font-medium text-slate-700">
          Role
        </label>
        <select
          id="new-role"
          name="role"
          defaultValue="viewer"
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
        >
          <option value="viewer">viewer</option>
          <option value="operator">operator</option>
          <option value="admin">admin</option>
        </select>
      </div>
      <Field
        label="Initial password"
        id="new-password"
        name="password"
        type="password"
        minLength={PASSWORD_MIN_LENGTH}
        maxLength={PASSWORD_MAX_LENGTH}
        title={passwordRuleText}
        autoComplete="new-password"
        required
      />
      <Button type="submit" disabled={!hydrated || pending}>
        {pending ? "Creating…" : "Create user"}
      </Button>
      <div className="sm:col-span-2 lg:col-span-5">
        <FormError message={error} />
      </div>
    </form>
  );
}
