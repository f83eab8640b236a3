"use client";
// Posts to better-auth's email sign-in endpoint; the session cookie it sets is what every page,
// handler and action checks. The form itself posts (never GET: the password would land in the
// address bar and the log) and cannot be submitted before React has taken it over.
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { PASSWORD_MAX_LENGTH } from "@/lib/auth/password-rules";
import { signInProblem } from "./sign-in-problem";
import { useHydrated } from "./use-hydrated";

export function SignInForm({ next, notice }: { next: string; notice?: string }) {
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const response = await fetch("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
    }).catch(() => null);
    if (response?.ok) {
      // A new document, not a client-side navigation: the router may hold pages prefetched
      // before sign-in (after a sign-out, "/" cached as its redirect to here), and nothing of
      // the previous user's client state should survive. The target is parsed and must stay on
      // this origin (safeNextPath already made it a local path).
      const target = new URL(next, window.location.origin);
      window.location.assign(
        target.origin === window.location.origin ? `${target.pathname}${target.search}${target.hash}` : "/",
      );
      return;
    }
    const body = (await response?.json().catch(() => null)) as { code?: string; message?: string } | null;
    setPending(false);
    setError(signInProblem(response?.status, body, window.location.origin));
  }

  return (
    <form method="post" action="/sign-in" onSubmit={onSubmit} className="flex flex-col gap-4">
      {notice ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {notice}
        </p>
      ) : null}
      <Field label="Email" id="email" name="email" type="email" autoComplete="email" required />
      <Field
        label="Password"
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        maxLength={PASSWORD_MAX_LENGTH}
        required
      />
      <FormError message={error} />
      <Button type="submit" disabled={!hydrated || pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
