import type { ReactNode } from "react";

export function PageHeader({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children?: ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      </div>
      {children}
    </div>
  );
}

export function Forbidden({ neededRole }: { neededRole: string }) {
  return (
    <p role="alert" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
      This page needs the {neededRole} role. Ask an administrator if you need access.
    </p>
  );
}
