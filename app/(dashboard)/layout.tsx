import { headers } from "next/headers";
import type { ReactNode } from "react";
import { AssistantPanel } from "@/components/chat/assistant-panel";
import { JobEventsProvider } from "@/components/jobs/job-events";
import { AppShell } from "@/components/shell/app-shell";
import { modelLabel } from "@/lib/assistant/model";
import { requirePageContext } from "@/lib/auth/next-context";
import { hasRole } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { parseTrustedProxies } from "@/lib/http/client-ip";
import { publicAddress } from "@/lib/http/public-origin";
import { noteDashboardOrigin } from "@/lib/services/reports";
import { assistantOfflineOnlyForLabel } from "@/lib/services/settings";
import { currentUser } from "@/lib/services/users";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { ctx, actor } = await requirePageContext();
  // Links in webhook notifications point where an admin last opened the dashboard (when
  // LIFEBOAT_URL is unset). Only an admin's visit counts: a viewer cannot redirect those links.
  // Forwarded headers count only from a trusted proxy, as for sign-in.
  if (hasRole(actor, "admin") && !env().LIFEBOAT_URL) {
    const h = await headers();
    const trusted = parseTrustedProxies(env().LIFEBOAT_TRUSTED_PROXIES);
    const { host, protocol } = publicAddress(h, trusted, { host: "", protocol: "http:" });
    if (host) await noteDashboardOrigin(ctx, `${protocol}//${host}`).catch(() => undefined);
  }
  return (
    <>
      <AppShell user={await currentUser(ctx)}>
        <JobEventsProvider>{children}</JobEventsProvider>
      </AppShell>
      <AssistantPanel
        modelLabel={modelLabel({ ...env(), offlineOnly: await assistantOfflineOnlyForLabel(ctx) })}
      />
    </>
  );
}
