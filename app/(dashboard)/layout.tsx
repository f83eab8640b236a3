import type { ReactNode } from "react";
import { JobEventsProvider } from "@/components/jobs/job-events";
import { AppShell } from "@/components/shell/app-shell";
import { requirePageContext } from "@/lib/auth/next-context";
import { currentUser } from "@/lib/services/users";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { ctx } = await requirePageContext();
  return (
    <AppShell user={await currentUser(ctx)}>
      <JobEventsProvider>{children}</JobEventsProvider>
    </AppShell>
  );
}
