import type { ReactNode } from "react";
import { JobEventsProvider } from "@/components/jobs/job-events";
import { AppShell } from "@/components/shell/app-shell";
import { requirePageContext } from "@/lib/auth/next-context";
import { currentUser } from "@/lib/services/users";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
<<<<<<< HEAD
  const { ctx } = await requirePageContext();
  return <AppShell user={await currentUser(ctx)}>{children}</AppShell>;
=======
  const { db, actor } = await requirePageContext();
  const [user] = await db
    .select({ name: users.name })
    .from(users)
    .where(eq(users.id, actor.id ?? ""));
  return (
    <AppShell user={{ email: actor.email, name: user?.name ?? actor.email, role: actor.role }}>
      <JobEventsProvider>{children}</JobEventsProvider>
    </AppShell>
  );
>>>>>>> e637dc5 (Dashboard pages: overview (protection per asset, recent jobs and failures, next runs, charts), inventory with Add asset and the asset page, policies with the create/edit form (presets, cron in words, next five runs), jobs list and live job page; thin server actions; SSE route for job events and a JSON route per job; Playwright story)
}
