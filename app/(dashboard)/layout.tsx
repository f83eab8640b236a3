import type { ReactNode } from "react";
import { AssistantPanel } from "@/components/chat/assistant-panel";
import { JobEventsProvider } from "@/components/jobs/job-events";
import { AppShell } from "@/components/shell/app-shell";
import { modelLabel } from "@/lib/assistant/model";
import { requirePageContext } from "@/lib/auth/next-context";
import { env } from "@/lib/env";
import { assistantOfflineOnly } from "@/lib/services/settings";
import { currentUser } from "@/lib/services/users";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { ctx } = await requirePageContext();
  return (
    <>
      <AppShell user={await currentUser(ctx)}>
        <JobEventsProvider>{children}</JobEventsProvider>
      </AppShell>
      <AssistantPanel modelLabel={modelLabel({ ...env(), offlineOnly: await assistantOfflineOnly(ctx) })} />
    </>
  );
}
