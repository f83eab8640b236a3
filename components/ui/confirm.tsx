"use client";
// A destructive or consequential click asks first (Radix AlertDialog: focus starts on Cancel,
// Escape cancels). The consequence is spelled out in `description`.
import { AlertDialog as A } from "radix-ui";
import { type ReactNode, useState, useTransition } from "react";
import { Button } from "./button";

export function ConfirmButton({
  label,
  title,
  description,
  confirmLabel,
  onConfirm,
  variant = "danger",
  icon,
}: {
  label: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  variant?: "danger" | "secondary" | "primary";
  icon?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  return (
    <A.Root open={open} onOpenChange={setOpen}>
      <A.Trigger asChild>
        <Button variant={variant} disabled={pending}>
          {icon}
          {label}
        </Button>
      </A.Trigger>
      <A.Portal>
        <A.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <A.Content className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-5 shadow-xl ring-1 ring-slate-200">
          <A.Title className="text-lg font-semibold">{title}</A.Title>
          <A.Description asChild>
            <div className="mt-2 text-sm text-slate-700">{description}</div>
          </A.Description>
          <div className="mt-5 flex justify-end gap-2">
            <A.Cancel asChild>
              <Button variant="secondary">Cancel</Button>
            </A.Cancel>
            <Button
              variant={variant === "secondary" ? "primary" : variant}
              disabled={pending}
              onClick={() =>
                start(async () => {
                  const keepOpen = (await onConfirm()) === false;
                  if (!keepOpen) setOpen(false);
                })
              }
            >
              {confirmLabel}
            </Button>
          </div>
        </A.Content>
      </A.Portal>
    </A.Root>
  );
}
