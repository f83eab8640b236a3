// Any unknown address. A signed-in user keeps the app frame (navigation, sign-out); anyone else
// gets the sign-in card's frame. Either way there is a way back.
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { AppShell } from "@/components/shell/app-shell";
import { requestContext } from "@/lib/auth/next-context";
import { currentUser } from "@/lib/services/users";

export const metadata: Metadata = { title: "Not found" };

function Message() {
  return (
    <div className="flex flex-col items-start gap-3">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-sm text-slate-600">
        There is nothing at this address. It may have moved or never existed.
      </p>
      <Link
        href="/"
        className="rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-white hover:bg-sky-800"
      >
        Back to the overview
      </Link>
    </div>
  );
}

export default async function NotFound() {
  const ctx = await requestContext().catch(() => null);
  if (!ctx) {
    return (
      <AuthCard title="Page not found" subtitle="There is nothing at this address.">
        <Link href="/" className="text-sm font-medium text-sky-700 underline">
          Back to the start
        </Link>
      </AuthCard>
    );
  }
  return (
    <AppShell user={await currentUser(ctx)}>
      <Message />
    </AppShell>
  );
}
