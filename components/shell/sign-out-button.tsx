"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  async function signOut() {
    setPending(true);
    await fetch("/api/auth/sign-out", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    }).catch(() => null);
    router.replace("/sign-in");
    router.refresh();
  }
  return (
    <Button variant="secondary" onClick={signOut} disabled={pending} className="w-full">
      Sign out
    </Button>
  );
}
