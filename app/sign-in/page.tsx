import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { publicRequestContext } from "@/lib/auth/next-context";
import { safeNextPath } from "@/lib/auth/safe-next";
import { setupRequired } from "@/lib/services/users";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // A fresh installation has nobody to sign in: send the first visitor to set-up.
  if (await setupRequired(await publicRequestContext())) redirect("/setup");
  const params = await searchParams;
  return (
    <AuthCard title="Sign in" subtitle="Use the account an administrator gave you.">
      <SignInForm
        next={safeNextPath(params.next)}
        notice={params.setup === "done" ? "Administrator created. Sign in with it now." : undefined}
      />
    </AuthCard>
  );
}
