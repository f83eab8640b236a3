import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { publicRequestContext } from "@/lib/auth/next-context";
import { setupRequired } from "@/lib/services/users";
import { setupFirstAdmin } from "./actions";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  // Set-up exists only until the first user does.
  if (!(await setupRequired(await publicRequestContext()))) redirect("/sign-in");
  return (
    <AuthCard
      title="Welcome to Lifeboat"
      subtitle="Create the first administrator. You can add more users later."
    >
      <SetupForm setupFirstAdmin={setupFirstAdmin} />
    </AuthCard>
  );
}
