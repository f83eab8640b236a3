"use client";
// Every button's server action ends in a toast: what happened, or the service's reason why not.
import { toast } from "sonner";
import type { ActionResult } from "@/lib/errors";

export type Action<I, T> = (input: I) => Promise<ActionResult<T>>;

export async function runAction<T>(
  pending: Promise<ActionResult<T>>,
  success?: string | ((data: T) => string),
): Promise<ActionResult<T>> {
  let result: ActionResult<T>;
  try {
    result = await pending;
  } catch {
    result = { ok: false, error: { code: "unavailable", message: "The server did not answer; try again." } };
  }
  if (result.ok) {
    if (success) toast.success(typeof success === "function" ? success(result.data) : success);
  } else {
    toast.error(result.error.message);
  }
  return result;
}
