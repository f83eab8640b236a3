import { eq } from "drizzle-orm";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { users } from "@/db/schema";
import { requirePageContext } from "@/lib/auth/page";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { db, actor } = await requirePageContext();
  const [user] = await db
    .select({ name: users.name })
    .from(users)
    .where(eq(users.id, actor.id ?? ""));
  return (
    <AppShell user={{ email: actor.email, name: user?.name ?? actor.email, role: actor.role }}>
      {children}
    </AppShell>
  );
}
