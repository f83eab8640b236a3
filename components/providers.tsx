"use client";
// Client-side providers for the whole app: TanStack Query for data that refreshes (jobs,
// progress), and the toaster that confirms what a click did. Toasts sit top-right: at the bottom
// they covered the Assistant button, and a pointer over a toast pauses it, so it never went away.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Toaster } from "sonner";

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000 } } }));
  return (
    <QueryClientProvider client={client}>
      {children}
      <Toaster theme="system" richColors closeButton position="top-right" />
    </QueryClientProvider>
  );
}
