import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { getDb } from "@/db";
import { countUsers } from "@/lib/services/users";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  await connection();
  // Set-up exists only until the first user does.
  if ((await countUsers(await getDb())) > 0) redirect("/sign-in");
  return (
    <AuthCard
      title="Welcome to Lifeboat"
      subtitle="Create the first administrator. You can add more users later."
    >
      <SetupForm />
    </AuthCard>
  );
}
