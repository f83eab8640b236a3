"use client";
// A page whose data could not be read says so inside the shell, with a way to try again; the
// server log has the details (production builds do not send them to the browser).
import { Button } from "@/components/ui/button";

export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div role="alert" className="flex flex-col items-start gap-3 rounded-xl bg-red-50 p-6 text-red-800">
      <h1 className="text-lg font-semibold">This page could not be loaded.</h1>
      <p className="text-sm">
        Check the address and filters, then try again. If it keeps happening, the server log has the details
        {error.digest ? ` (reference ${error.digest})` : ""}.
      </p>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
