"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";

interface UserRowProps {
  user: { id: string; name: string; email: string; role: string; disabled: boolean };
  isSelf: boolean;
  /** The page's server actions (app/(dashboard)/settings/users/actions.ts). */
  changeRole(input: {
    userId: string;
    role: "viewer" | "operator" | "admin";
  }): Promise<ActionResult<unknown>>;
  setDisabled(input: { userId: string; disabled: boolean }): Promise<ActionResult<unknown>>;
}

export function UserRow({ user, isSelf, changeRole, setDisabled }: UserRowProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function run(action: () => Promise<{ ok: boolean; error?: { message: string } }>) {
    startTransition(async () => {
      const result = await action();
      setError(result.ok ? null : (result.error?.message ?? "Failed"));
      router.refresh();
    });
  }

  return (
    <tr className={user.disabled ? "text-slate-400" : undefined}>
      <td className="px-3 py-2">
        <div className="font-medium">{user.name}</div>
        <div className="text-xs text-slate-600">{user.email}</div>
        {error ? (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {error}
          </p>
        ) : null}
      </td>
      <td className="px-3 py-2">
        <label className="sr-only" htmlFor={`role-${user.id}`}>
          Role of {user.email}
        </label>
        <select
          id={`role-${user.id}`}
          value={user.role}
          disabled={pending}
          onChange={(e) => run(() => changeRole({ userId: user.id, role: e.target.value as "viewer" }))}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        >
          <option value="viewer">viewer</option>
          <option value="operator">operator</option>
          <option value="admin">admin</option>
        </select>
      </td>
      <td className="px-3 py-2 text-sm">{user.disabled ? "disabled" : "active"}</td>
      <td className="px-3 py-2 text-right">
        {isSelf ? null : (
          <Button
            variant={user.disabled ? "secondary" : "danger"}
            disabled={pending}
            onClick={() => run(() => setDisabled({ userId: user.id, disabled: !user.disabled }))}
          >
            {user.disabled ? "Enable" : "Disable"}
          </Button>
        )}
      </td>
    </tr>
  );
}
